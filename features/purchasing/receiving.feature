Feature: Receiving goods
  Staff receive what arrived, per line, on an order that was placed: never more than is outstanding (a
  conflict), with one serial per unit for a serialized product. One transaction writes a purchase stock movement
  per line that names the order, and makes the product's cost the weighted average
  (stock × cost + quantity × unit cost) / (stock + quantity), half-up to cents; a product without a cost takes
  the unit cost.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a supplier "Acme"
    And a product "CAB-1" with 10 in stock at cost 5.00

  Scenario: Receiving in two parts: partially received, then received
    Given a placed order from "Acme" for 8 of "CAB-1" at 8.00
    When "sam" receives 5 of "CAB-1" on "PO-000001"
    Then it is accepted
    And the order "PO-000001" is partially_received
    And 5 of 8 of "CAB-1" are received on "PO-000001"
    When "sam" receives 3 of "CAB-1" on "PO-000001"
    Then it is accepted
    And the order "PO-000001" is received
    And "CAB-1" has 18 in stock
    And the stock movements of "CAB-1" end with purchases of 5, 3 on "PO-000001"

  Scenario: The weighted cost, worked: 10 at 5.00 and 5 at 8.00 cost 6.00 each
    Given a placed order from "Acme" for 5 of "CAB-1" at 8.00
    When "sam" receives 5 of "CAB-1" on "PO-000001"
    Then "CAB-1" has 15 in stock at cost 6.00

  Scenario: The weighted cost is rounded half-up to cents
    Given a placed order from "Acme" for 2 of "CAB-1" at 5.05
    When "sam" receives 2 of "CAB-1" on "PO-000001"
    Then "CAB-1" has 12 in stock at cost 5.01

  Scenario: An exact half cent rounds up
    Given a product "TINY" with 1 in stock at cost 0.01
    And a placed order from "Acme" for 1 of "TINY" at 0.00
    When "sam" receives 1 of "TINY" on "PO-000001"
    Then "TINY" has 2 in stock at cost 0.01

  Scenario: A product without a cost takes the unit cost
    Given a product "NEW-1" with 4 in stock and no cost
    And a placed order from "Acme" for 3 of "NEW-1" at 12.50
    When "sam" receives 3 of "NEW-1" on "PO-000001"
    Then "NEW-1" has 7 in stock at cost 12.50

  Scenario: More than is outstanding is a conflict and changes nothing
    Given a placed order from "Acme" for 8 of "CAB-1" at 8.00
    And "sam" has received 5 of "CAB-1" on "PO-000001"
    When "sam" receives 4 of "CAB-1" on "PO-000001"
    Then it is refused as a conflict
    And the refusal says "3 outstanding"
    And 5 of 8 of "CAB-1" are received on "PO-000001"
    And "CAB-1" has 15 in stock at cost 6.00

  Scenario: A draft is not received
    Given a draft order from "Acme" for 8 of "CAB-1" at 8.00
    When "sam" receives 1 of "CAB-1" on "PO-000001"
    Then it is refused as a conflict
    And "CAB-1" has 10 in stock at cost 5.00

  Scenario: A serialized product is received with one serial per unit
    Given a laptop "LAPTOP" by serial with 24 months of warranty and no stock
    And a placed order from "Acme" for 2 of "LAPTOP" at 400.00
    When "sam" receives 2 of "LAPTOP" on "PO-000001" with the serials pf4-ab12, PF4-AB13
    Then it is accepted
    And "LAPTOP" has 2 in stock at cost 400.00
    And "LAPTOP" has the units in stock PF4-AB12, PF4-AB13

  Scenario: A serialized product received without its serials is refused and changes nothing
    Given a laptop "LAPTOP" by serial with 24 months of warranty and no stock
    And a placed order from "Acme" for 2 of "LAPTOP" at 400.00
    When "sam" receives 2 of "LAPTOP" on "PO-000001" with the serials PF4-AB12
    Then it is refused as invalid input for "serials"
    And 0 of 2 of "LAPTOP" are received on "PO-000001"
    And "LAPTOP" has 0 in stock
