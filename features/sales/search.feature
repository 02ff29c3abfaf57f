Feature: Finding a sale by its number or its customer
  The sales list's search finds any part of a sale's number or of its
  customer's name, whatever the letter case; a customer's email or phone is
  not their name.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku  | name       | price | stock |
      | CASE | Phone case | 12.50 | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"
    And the customer "Rui Costa" with the email "rui.silva@example.com"
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And the customer "Ana Silva"
    And "sam" has rung it up paid by card 12.50
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And the customer "Rui Costa"
    And "sam" has rung it up paid by card 25.00
    And a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50

  Scenario: By part of the customer's name, in any letter case
    Then the sales found by "SILVA" are S-000001
    And the sales found by "ui co" are S-000002

  Scenario: By part of the number
    Then the sales found by "s-000002" are S-000002
    And the sales found by "000003" are S-000003
    And the sales found by "S-0000" are S-000001, S-000002, S-000003

  Scenario: A search that matches nothing
    Then the sales found by "Zoe" are none
    And the sales found by "%" are none

  Scenario: Through the API, by part of the customer's name
    When "sam" searches the sales through the API for "costa"
    Then the API answers the sales S-000002
