Feature: Returns
  A completed sale takes one or more returns. Each returned line refunds its
  share of the sale (the sale-level discount spread over the lines), so
  returning everything refunds exactly the sale's total. Per product never
  more than sold minus already returned. Restocked items come back with a
  return movement; damaged ones do not. The refunds add up to the refund
  total; an account refund is a credit on the customer's account.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |
      | CABLE | USB cable   | 9.99   | 10    |
      | PEN   | Stylus      | 3.33   | 10    |
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: A partial return, back on the shelf, refunded in cash
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 25.00
    When "sam" returns from "S-000001" because "Wrong colour", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    Then the return is "RT-000001" refunding 12.50
    And the product "CASE" has 9 in stock
    And the newest movement of "CASE" is a return of 1
    And the sale "S-000001" has refunded 12.50
    And every product's stock is the sum of its movements

  Scenario: Damaged goods do not go back to stock
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by card 25.00
    When "sam" returns from "S-000001" because "Cracked", refunded by card 12.50:
      | sku  | quantity | restock |
      | CASE | 1        | no      |
    Then the return is "RT-000001" refunding 12.50
    And the product "CASE" has 8 in stock
    And the newest movement of "CASE" is a sale of -2

  Scenario Outline: Returning everything refunds exactly the sale's total
    Given a sale of:
      | sku   | quantity |
      | CASE  | 1        |
      | CABLE | 3        |
      | PEN   | 7        |
    And a discount of <discount>
    # The admin: a discount above the staff's limit needs no approval.
    And "ada" has rung it up paid by card <total>
    And "sam" has returned from "S-000001" because "Part one", refunded by card <first>:
      | sku   | quantity |
      | CABLE | 1        |
      | PEN   | 3        |
    When "sam" returns from "S-000001" because "The rest", refunded by card <second>:
      | sku   | quantity |
      | CASE  | 1        |
      | CABLE | 2        |
      | PEN   | 4        |
    Then the return is "RT-000002" refunding <second>
    And the sale "S-000001" has refunded <total>

    Examples:
      | discount | total | first | second |
      | 0.01     | 65.77 | 19.98 | 45.79  |
      | 33.33    | 32.45 | 9.86  | 22.59  |

  Scenario: Never more than sold minus already returned
    Given a sale of:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 1        |
    And "sam" has rung it up paid by cash 34.99
    And "sam" has returned from "S-000001" because "One back", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" returns from "S-000001" because "Too many", refunded by cash 35.00:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 1        |
    Then it is refused as a conflict naming "CASE"
    And the return numbers are RT-000001
    And the product "CASE" has 9 in stock
    And the sale "S-000001" has refunded 12.50

  Scenario: The refunds must add up to the refund total
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 25.00
    When "sam" returns from "S-000001" because "Wrong colour", refunded by cash 10.00:
      | sku  | quantity |
      | CASE | 1        |
    Then it is refused as invalid input for "refunds"
    And the return numbers are none
    And the product "CASE" has 8 in stock

  Scenario: A product the sale does not have is bad input
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    When "sam" returns from "S-000001" because "Not ours", refunded by cash 9.99:
      | sku   | quantity |
      | CABLE | 1        |
    Then it is refused as invalid input for "items[0].product_id"

  Scenario: An account refund needs the sale's customer
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    When "sam" returns from "S-000001" because "Wrong colour", refunded by account 12.50:
      | sku  | quantity |
      | CASE | 1        |
    Then it is refused as invalid input for "refunds[0].method"

  Scenario: An account refund is a credit on the customer's account
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And the customer "Ana Silva"
    And "sam" has rung it up paid by account 25.00
    When "sam" returns from "S-000001" because "Changed her mind", refunded by account 12.50 and cash 12.50:
      | sku  | quantity |
      | CASE | 2        |
    Then the return is "RT-000001" refunding 25.00
    And the balance of "Ana Silva" is 12.50
    And every account passes the check

  Scenario: A voided sale takes no return
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    And "ada" has voided the sale "S-000001" because "Rung up twice"
    When "sam" returns from "S-000001" because "Late", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    Then it is refused as a conflict
    And the return numbers are none

  Scenario: A sale with returns cannot be voided
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 25.00
    And "sam" has returned from "S-000001" because "One back", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    When "ada" voids the sale "S-000001" because "Mistake"
    Then it is refused as a conflict
    And the product "CASE" has 9 in stock

  Scenario: The same key returns once
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And "sam" has rung it up paid by cash 25.00
    And "sam" has returned from "S-000001" because "x", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" returns with the key "k-1" from "S-000001" because "Wrong colour", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" returns with the key "k-1" from "S-000001" because "Wrong colour", refunded by cash 12.50:
      | sku  | quantity |
      | CASE | 1        |
    Then the answer was replayed
    And the return numbers are RT-000001, RT-000002
    And the product "CASE" has 10 in stock
