Feature: A sale stays within the money range
  Every amount the store keeps, computed ones included (line totals, subtotal, total, balances, the
  drawer's expected cash), stays within ±9,999,999,999.99: the most a NUMERIC(12,2) column holds. A sale
  that would go past it is refused as invalid input naming the field, and nothing of it is recorded, on
  every database.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku   | name       | price         | stock |
      | VAULT | Bank vault | 9999999999.99 | 10    |
      | CASE  | Phone case | 12.50         | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: A line whose total would pass the range is refused, naming its quantity
    Given a sale of:
      | sku   | quantity |
      | CASE  | 1        |
      | VAULT | 2        |
    When "sam" rings it up paid by card 9999999999.99 and transfer 9999999999.99 and cash 12.50
    Then it is refused as invalid input for "items[1].quantity"
    And no sale was recorded
    And the product "VAULT" has 10 in stock
    And the product "CASE" has 10 in stock

  Scenario: A sale whose total would pass the range is refused, and nothing is recorded
    Given a sale of:
      | sku   | quantity |
      | VAULT | 1        |
      | CASE  | 1        |
    When "sam" rings it up paid by card 9999999999.99 and cash 12.50
    Then it is refused as invalid input for "items"
    And no sale was recorded
    And the product "VAULT" has 10 in stock
    And the product "CASE" has 10 in stock

  Scenario: The most the range holds is sold
    Given a sale of:
      | sku   | quantity |
      | VAULT | 1        |
    When "sam" rings it up paid by card 9999999999.99
    Then the sale is "S-000001" with subtotal 9999999999.99, discount 0.00 and total 9999999999.99

  Scenario: Through the API a sale past the range is a 422 naming the field, never a server error
    When "sam" sells through the API, paid by card 9999999999.99 and cash 12.50:
      | sku   | quantity |
      | VAULT | 1        |
      | CASE  | 1        |
    Then the API answers 422 naming the field "items"
    And no sale was recorded
    And the product "VAULT" has 10 in stock

  Scenario: A sale on account that would take the balance past the range names the payments
    Given "ada" has adjusted the balance of "Ana Silva" by 9999999999.99 because "Migrated debt"
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And the customer "Ana Silva"
    When "sam" rings it up paid by account 12.50
    Then it is refused as invalid input for "payments"
    And no sale was recorded
    And the balance of "Ana Silva" is 9999999999.99
    And the product "CASE" has 10 in stock

  Scenario: Cash that would take the drawer's expected cash past the range names the payments
    Given "sam" has opened the drawer with 9999999999.99
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by cash 12.50
    Then it is refused as invalid input for "payments"
    And no sale was recorded
    And the product "CASE" has 10 in stock
    And the drawer of "sam" expects 9999999999.99: float 9999999999.99, sales 0.00, received 0.00, refunds 0.00, pay-ins 0.00, pay-outs 0.00
    When "sam" rings it up paid by card 12.50
    Then the sale numbers are S-000001
