Feature: Parts and delivery
  A repair consumes parts from stock, each a part line (its product's price copied); delivery from ready
  takes payments exactly like a sale (the sum is what is left to pay; account charges the customer under the
  credit limit).

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku    | name              | price | stock |
      | SCREEN | iPhone 12 screen  | 80.00 | 3     |
    And the customer "Ana Silva" with the email "ana@example.com"
    And "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"

  Scenario: A part is taken from stock and its line added to the repair's
    Given the repair has the price 40.00
    When "sam" uses 2 of "SCREEN" on the repair
    Then it is accepted
    And the price of the repair is 200.00
    And the product "SCREEN" has 1 in stock
    And the books hold: money, stock and accounts

  Scenario: A part short of stock is refused and nothing changes
    When "sam" uses 4 of "SCREEN" on the repair
    Then it is refused as a conflict
    And the product "SCREEN" has 3 in stock
    And the repair has no lines

  Scenario: No parts once the repair is delivered
    Given the repair has the price 50.00
    And the repair is "delivered"
    When "sam" uses 1 of "SCREEN" on the repair
    Then it is refused as a conflict
    And the product "SCREEN" has 3 in stock

  Scenario: Delivery on account charges the customer and sets the delivery date
    Given the repair has the price 120.00
    And the repair is "ready"
    When "sam" delivers the repair paid by cash 20.00 and account 100.00
    Then it is accepted
    And the repair is "delivered"
    And the repair has a delivery date
    And the balance of "Ana Silva" is 100.00
    And the movements of "Ana Silva" are:
      | type   | amount | balance before | balance after | description     |
      | charge | 100.00 | 0.00           | 100.00        | Repair R-000001 |
    And the books hold: money, stock and accounts

  Scenario: Delivery beyond the credit limit is refused and nothing changes
    Given "Ana Silva" has a credit limit of 50.00
    And the repair has the price 120.00
    And the repair is "ready"
    When "sam" delivers the repair paid by account 120.00
    Then it is refused as a conflict
    And the repair is "ready"
    And the balance of "Ana Silva" is 0.00

  Scenario: Payments must add up to the price
    Given the repair has the price 120.00
    And the repair is "ready"
    When "sam" delivers the repair paid by cash 100.00
    Then it is refused as invalid input for "payments"
    And the repair is "ready"

  Scenario: Delivery only from ready
    Given the repair has the price 120.00
    And the repair is "in_repair"
    When "sam" delivers the repair paid by cash 120.00
    Then it is refused as a conflict
    And the repair is "in_repair"

  Scenario: A delivery paid in cash goes into the drawer like a sale
    Given "sam" has opened the drawer with 50.00
    And the repair has the price 120.00
    And the repair is "ready"
    When "sam" delivers the repair paid by cash 20.00 and account 100.00
    Then it is accepted
    And the drawer of "sam" expects 70.00: float 50.00, sales 0.00, received 20.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00
    And the drawer of "sam" took cash 1 times for 20.00
    And the drawer of "sam" took account 1 times for 100.00
    And the books hold: money, stock and accounts

  Scenario: With the rule, a delivery paid in cash without an open drawer is refused and nothing changes
    Given the store requires an open cash session for cash
    And the repair has the price 120.00
    And the repair is "ready"
    When "sam" delivers the repair paid by cash 120.00
    Then it is refused as a conflict
    And the repair is "ready"

  Scenario: A part that would take the repair's price past the money range is refused, and nothing changes
    Given these products:
      | sku   | name        | price         | stock |
      | BOARD | Logic board | 9999999999.00 | 5     |
    And the repair has the price 0.99
    When "sam" uses 1 of "BOARD" on the repair
    Then it is accepted
    And the price of the repair is 9999999999.99
    When "sam" uses 1 of "SCREEN" on the repair
    Then it is refused as invalid input for "quantity"
    And the price of the repair is 9999999999.99
    And the product "SCREEN" has 3 in stock
    And the product "BOARD" has 4 in stock
    And the books hold: money, stock and accounts

  Scenario: A part whose own line would pass the money range is refused
    Given these products:
      | sku   | name        | price         | stock |
      | VAULT | Bank vault  | 9999999999.99 | 5     |
    When "sam" uses 2 of "VAULT" on the repair
    Then it is refused as invalid input for "quantity"
    And the repair has no lines
    And the product "VAULT" has 5 in stock
