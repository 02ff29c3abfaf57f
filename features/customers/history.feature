Feature: A customer's history
  The customer's page lists their sales, returns, repairs and payments on
  account, newest first, a page at a time: each with its number (none for a
  payment) and its total (the amount paid, for a payment). Whoever may read
  the customer reads their history.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And these products:
      | sku  | name       | price | stock |
      | CASE | Phone case | 12.50 | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"
    And a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And the customer "Ana Silva"
    And "sam" has rung it up paid by card 25.00

  Scenario: A sale, a return, a repair and a payment, newest first, a page at a time
    Given 1 hour passes
    And "sam" has returned from "S-000001" because "Too big", refunded by card 12.50:
      | sku  | quantity |
      | CASE | 1        |
    And 1 hour passes
    And "sam" has taken in a "Phone X" from "Ana Silva" for "Cracked screen"
    And the repair has the price 80.00
    And 1 hour passes
    And "sam" has taken a payment of 20.00 by cash from "Ana Silva"
    And "ada" has adjusted the balance of "Ana Silva" by -1.00 because "Rounding"
    When "sam" reads the history of "Ana Silva", 3 at a time
    Then the history shows, of 4:
      | type    | number    | total |
      | payment |           | 20.00 |
      | repair  | R-000001  | 80.00 |
      | return  | RT-000001 | 12.50 |
    When "sam" reads the next page of the history
    Then the history shows, of 4:
      | type | number   | total |
      | sale | S-000001 | 25.00 |

  Scenario: Only the customer's own
    Given the customer "Rui Costa" with the email "rui@example.com"
    When "sam" reads the history of "Rui Costa", 3 at a time
    Then the history shows, of 0:
      | type | number | total |

  Scenario: A deleted customer's history is found where the customer is: by admins, on their page
    Given "mia" has deleted the customer "Ana Silva"
    When "sam" reads the history of "Ana Silva", 3 at a time
    Then it is refused as not found
    When "ada" reads the history of the deleted customer "Ana Silva"
    Then the history shows, of 1:
      | type | number   | total |
      | sale | S-000001 | 25.00 |
    When "sam" reads the history of the deleted customer "Ana Silva"
    Then it is refused as not found

  Scenario: Through the API, newest first, and 404 for a customer that does not exist
    Given 1 hour passes
    And "sam" has taken a payment of 20.00 by card from "Ana Silva"
    When "sam" asks the API for the history of "Ana Silva"
    Then the API answers the history payment 20.00, sale S-000001 25.00
    When "sam" asks the API for the history of customer number 999999
    Then the API answers 404 with a problem document
