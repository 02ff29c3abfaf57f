Feature: Purchase orders
  An order is numbered PO-000001, PO-000002, … with no gaps: an order refused takes no number. It moves
  draft → ordered → partially_received → received; it is cancelled from draft or ordered only, and changed
  while draft only. Managers and admins create, change, place, cancel and email orders; staff do none of
  that (they receive, see Receiving goods). An order goes to its supplier's email through the outbox, its PDF
  attached.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And a supplier "Acme"
    And a product "CAB-1" with 10 in stock at cost 5.00

  Scenario: A new order is a draft with the next number
    When "ada" makes a draft order from "Acme" for 8 of "CAB-1" at 8.00
    Then it is accepted
    And the order "PO-000001" is draft with a total of 64.00

  Scenario: Numbers have no gaps, even when an order is refused in between
    When "ada" makes a draft order from "Acme" for 8 of "CAB-1" at 8.00
    And "ada" makes a draft order from "Acme" for 0 of "CAB-1" at 8.00
    Then it is refused as invalid input
    When "sam" makes a draft order from "Acme" for 1 of "CAB-1" at 8.00
    Then it is refused as admin-only
    When "ada" makes a draft order from "Acme" for 2 of "CAB-1" at 8.00
    Then the purchase orders are numbered "PO-000001, PO-000002"

  Scenario: A draft is placed, then it is no longer changed
    Given a draft order from "Acme" for 8 of "CAB-1" at 8.00
    When "ada" changes the order "PO-000001" to 3 of "CAB-1" at 7.00
    Then it is accepted
    And the order "PO-000001" is draft with a total of 21.00
    When "ada" places the order "PO-000001"
    Then it is accepted
    And the order "PO-000001" is ordered
    When "ada" changes the order "PO-000001" to 4 of "CAB-1" at 7.00
    Then it is refused as a conflict
    When "ada" places the order "PO-000001"
    Then it is refused as a conflict

  Scenario: Staff do not place orders; managers do
    Given a draft order from "Acme" for 8 of "CAB-1" at 8.00
    When "sam" places the order "PO-000001"
    Then it is refused as forbidden
    And the order "PO-000001" is draft
    When "mia" places the order "PO-000001"
    Then it is accepted
    And the order "PO-000001" is ordered

  Scenario: A manager makes, places and cancels an order; staff do not cancel
    When "mia" makes a draft order from "Acme" for 8 of "CAB-1" at 8.00
    Then it is accepted
    And the order "PO-000001" is draft with a total of 64.00
    When "mia" places the order "PO-000001"
    Then it is accepted
    When "sam" cancels the order "PO-000001"
    Then it is refused as forbidden
    And the order "PO-000001" is ordered
    When "mia" cancels the order "PO-000001"
    Then it is accepted
    And the order "PO-000001" is cancelled

  Scenario: A manager emails an order to its supplier through the outbox, the PDF attached
    Given a supplier "Volt" with the email "orders@volt.test"
    And a placed order from "Volt" for 8 of "CAB-1" at 8.00
    When "sam" emails the order "PO-000001" to its supplier
    Then it is refused as forbidden
    And the outbox is empty
    When "mia" emails the order "PO-000001" to its supplier
    Then it is accepted
    And the outbox holds one unsent email to "orders@volt.test", "Purchase order PO-000001", attaching "Purchase order PO-000001.pdf"

  Scenario: An order is not emailed to a supplier without an email, nor once cancelled
    Given a placed order from "Acme" for 8 of "CAB-1" at 8.00
    When "mia" emails the order "PO-000001" to its supplier
    Then it is refused as a conflict
    And the refusal says "has no email address"
    Given a supplier "Volt" with the email "orders@volt.test"
    And an order from "Volt" for 2 of "CAB-1" at 8.00, brought to cancelled
    When "mia" emails the order "PO-000002" to its supplier
    Then it is refused as a conflict
    And the refusal says "cancelled"
    And the outbox is empty

  Scenario Outline: Cancelling from <status>
    Given an order from "Acme" for 8 of "CAB-1" at 8.00, brought to <status>
    When "ada" cancels the order "PO-000001"
    Then <outcome>
    And the order "PO-000001" is <after>

    Examples:
      | status             | outcome                     | after              |
      | draft              | it is accepted              | cancelled          |
      | ordered            | it is accepted              | cancelled          |
      | partially_received | it is refused as a conflict | partially_received |
      | received           | it is refused as a conflict | received           |
      | cancelled          | it is refused as a conflict | cancelled          |
