Feature: Cash tendered and the change, kept with the sale
  The cash a customer hands over is not a payment: the sale keeps it with the
  change given back (tendered less the cash part of the payments), and every
  reprint of the receipt prints both. Tendered cash that does not cover the
  cash due, or tendered on a sale with no cash part, is refused (422) and
  nothing is sold.

  Background:
    Given a staff member "sam"
    And these products:
      | sku  | name       | price | stock |
      | CASE | Phone case | 12.50 | 10    |

  Scenario: The change is the cash tendered less the cash part, kept with the sale
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And cash tendered of 50.00
    When "sam" rings it up paid by cash 20.00 and card 5.00
    Then the sale "S-000001" keeps cash tendered 50.00 and change 30.00

  Scenario: A sale without cash tendered keeps none
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    When "sam" rings it up paid by cash 12.50
    Then the sale "S-000001" keeps no cash tendered and no change

  Scenario: Every reprint of the receipt prints the cash tendered and the change
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And cash tendered of 30.00
    And "sam" has rung it up paid by cash 25.00
    When "sam" reprints the receipt of the sale "S-000001"
    Then the receipt prints cash tendered 30.00 and change 5.00
    When "sam" reprints the receipt of the sale "S-000001"
    Then the receipt prints cash tendered 30.00 and change 5.00

  Scenario Outline: Tendered cash must cover the cash due, and is only for cash
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And cash tendered of <tendered>
    When "sam" rings it up paid by <payments>
    Then it is refused as invalid input for "tendered"
    And no sale was recorded
    And the product "CASE" has 10 in stock

    Examples:
      | tendered | payments                 |
      | 19.99    | cash 20.00 and card 5.00 |
      | 24.99    | cash 25.00               |
      | 30.00    | card 25.00               |
