Feature: Suppliers
  A supplier has a unique name (whatever its letter case), a contact name, an email, a phone and notes. Managers
  and admins add, change and delete them (staff only list them); a delete is soft: the supplier leaves the
  list, its name is free again, and the orders that named it keep it.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"

  Scenario: An admin adds a supplier
    When "ada" adds the supplier "Acme" with the email "orders@acme.test"
    Then it is accepted
    And the suppliers are "Acme"
    And the supplier "Acme" has the email "orders@acme.test"

  Scenario: A supplier's name is unique whatever its letter case
    Given a supplier "Acme"
    When "ada" adds the supplier "ACME" with the email "other@acme.test"
    Then it is refused as a conflict
    And the suppliers are "Acme"

  Scenario: Staff do not manage suppliers
    When "sam" adds the supplier "Acme" with the email "orders@acme.test"
    Then it is refused as admin-only
    And the suppliers are "none"

  Scenario: An admin renames a supplier
    Given a supplier "Acme"
    When "ada" renames the supplier "Acme" to "Acme Ltd"
    Then it is accepted
    And the suppliers are "Acme Ltd"

  Scenario: A manager adds, renames and deletes a supplier
    When "mia" adds the supplier "Acme" with the email "orders@acme.test"
    Then it is accepted
    When "mia" renames the supplier "Acme" to "Acme Ltd"
    Then it is accepted
    And the suppliers are "Acme Ltd"
    When "sam" deletes the supplier "Acme"
    Then it is refused as forbidden
    When "mia" deletes the supplier "Acme"
    Then it is accepted
    And the suppliers are "none"

  Scenario: A deleted supplier leaves the list, frees its name, and its orders keep it
    Given a supplier "Acme"
    And a product "CAB-1" with 10 in stock at cost 5.00
    And a placed order from "Acme" for 8 of "CAB-1" at 8.00
    When "ada" deletes the supplier "Acme"
    Then it is accepted
    And the suppliers are "none"
    And the order "PO-000001" still names the supplier "Acme"
    When "ada" adds the supplier "Acme" with the email "new@acme.test"
    Then it is accepted

  Scenario: No order is made for a deleted supplier
    Given a supplier "Acme"
    And a product "CAB-1" with 10 in stock at cost 5.00
    And "ada" has deleted the supplier "Acme"
    When "ada" makes a draft order from "Acme" for 8 of "CAB-1" at 8.00
    Then it is refused as a conflict
    And the refusal says "There is no supplier"
    And the purchase orders are numbered "none"
