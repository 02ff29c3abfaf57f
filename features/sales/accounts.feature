Feature: Sales on account
  The ``account`` part of a sale is charged to the customer's current account,
  within the credit limit; it needs a customer.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: The account part is charged to the customer
    Given a sale of:
      | sku  | quantity |
      | CASE | 4        |
    And the customer "Ana Silva"
    When "sam" rings it up paid by cash 20.00 and account 30.00
    Then it is accepted
    And the balance of "Ana Silva" is 30.00
    And the movements of "Ana Silva" are:
      | type   | amount | balance before | balance after | description   |
      | charge | 30.00  | 0.00           | 30.00         | Sale S-000001 |

  Scenario: Account without a customer is refused
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by account 12.50
    Then it is refused as invalid input for "payments[0].method"
    And no sale was recorded

  Scenario: Beyond the credit limit nothing is recorded
    Given "Ana Silva" has a credit limit of 20.00
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And the customer "Ana Silva"
    When "sam" rings it up paid by account 25.00
    Then it is refused as a conflict
    And no sale was recorded
    And the product "CASE" has 10 in stock
    And the balance of "Ana Silva" is 0.00

  Scenario: An unknown customer is refused
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And the customer number 999999
    When "sam" rings it up paid by cash 12.50
    Then it is refused as invalid input for "customer_id"
