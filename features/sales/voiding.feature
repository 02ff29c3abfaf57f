Feature: Voiding a sale
  An admin voids a sale giving a reason: its stock comes back (sale_void
  movements), its account charge is reversed, and it is marked voided, all at
  once. A sale is voided at most once.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And the customer "Ana Silva"
    And "sam" has rung it up paid by cash 5.00 and account 20.00

  Scenario: Voiding puts the stock back and reverses the charge
    When "ada" voids the sale "S-000001" because "Rung up twice"
    Then it is accepted
    And the sale "S-000001" is voided because "Rung up twice"
    And the product "CASE" has 10 in stock
    And the newest movement of "CASE" is a sale_void of 2 for sale 1
    And the balance of "Ana Silva" is 0.00
    And every product's stock is the sum of its movements

  Scenario: Voiding twice is refused
    Given "ada" has voided the sale "S-000001" because "Rung up twice"
    When "ada" voids the sale "S-000001" because "Again"
    Then it is refused as a conflict
    And the product "CASE" has 10 in stock

  Scenario: Only managers and admins void, with a reason
    When "sam" voids the sale "S-000001" because "Mistake"
    Then it is refused as forbidden
    When "ada" voids the sale "S-000001" because "  "
    Then it is refused as invalid input for "reason"
    And the product "CASE" has 8 in stock
    When "mia" voids the sale "S-000001" because "Rung up twice"
    Then it is accepted
    And the product "CASE" has 10 in stock

  Scenario: The list filters by status, customer and number
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by card 12.50
    And "ada" has voided the sale "S-000001" because "Rung up twice"
    Then the voided sales are S-000001
    And the completed sales are S-000002
    And the sales of "Ana Silva" are S-000001
    And the sales numbered "s-000002" are S-000002

  Scenario: Voiding the sale of a deleted customer is refused, and changes nothing
    Given "sam" has taken a payment of 20.00 by card from "Ana Silva"
    And "mia" has deleted the customer "Ana Silva"
    When "ada" voids the sale "S-000001" because "Rung up twice"
    Then it is refused as a conflict
    And the refusal says "was deleted"
    And the completed sales are S-000001
    And the product "CASE" has 8 in stock
    And the balance of "Ana Silva" is 0.00

  Scenario: Through the API, voiding the sale of a deleted customer is a 409 and changes nothing
    Given "sam" has taken a payment of 20.00 by card from "Ana Silva"
    And "mia" has deleted the customer "Ana Silva"
    When "ada" voids the sale "S-000001" through the API because "Rung up twice"
    Then the API answers 409 with a problem document
    And the completed sales are S-000001
    And the product "CASE" has 8 in stock
    And the balance of "Ana Silva" is 0.00

  Scenario: Once an admin restores the customer, their sale can be voided
    Given "sam" has taken a payment of 20.00 by card from "Ana Silva"
    And "mia" has deleted the customer "Ana Silva"
    And "ada" has restored the customer "Ana Silva"
    When "ada" voids the sale "S-000001" because "Rung up twice"
    Then it is accepted
    And the sale "S-000001" is voided because "Rung up twice"
    And the balance of "Ana Silva" is -20.00
    And every account passes the check

  Scenario: A return to the account of a deleted customer stays refused
    Given "sam" has taken a payment of 20.00 by card from "Ana Silva"
    And "mia" has deleted the customer "Ana Silva"
    When "sam" returns from "S-000001" because "Wrong colour", refunded by account 12.50:
      | sku  | quantity |
      | CASE | 1        |
    Then it is refused as a conflict
    And the balance of "Ana Silva" is 0.00
    And the product "CASE" has 8 in stock
