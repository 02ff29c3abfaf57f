Feature: Discounts on a line and on the whole sale, as an amount or a percent
  A line may have its own discount and the sale one of its own, each an
  amount or a percent (half-up to cents). A line's percent is of that line's
  total; the sale's percent is of the subtotal, the lines' totals after their
  own discounts. The sale's discount is spread over the lines in proportion
  to their totals, the remainder on the last, so returning everything refunds
  exactly what was charged.

  Background:
    Given an admin "ada"
    # A manager: discounts above the staff's limit need no one's approval (features/sales/approvals.feature).
    And a manager "sam"
    And these products:
      | sku   | name        | price  | stock |
      | CASE  | Phone case  | 12.50  | 10    |
      | CABLE | USB-C cable | 9.99   | 5     |
      | PHONE | Phone X     | 499.00 | 2     |

  Scenario: A line's discount is an amount or a percent of that line
    Given a sale of:
      | sku   | quantity | discount |
      | CASE  | 3        | 5.00     |
      | CABLE | 1        | 10%      |
      | PHONE | 1        |          |
    When "sam" rings it up paid by card 540.49
    Then the sale is "S-000001" with subtotal 540.49, discount 0.00 and total 540.49
    And the items of the sale are:
      | sku   | quantity | unit price | discount | line total |
      | CASE  | 3        | 12.50      | 5.00     | 32.50      |
      | CABLE | 1        | 9.99       | 1.00     | 8.99       |
      | PHONE | 1        | 499.00     | 0.00     | 499.00     |

  Scenario: A percent off the sale is of the subtotal after the lines' discounts; returns refund exactly the charge
    Given a sale of:
      | sku   | quantity | discount |
      | CASE  | 3        | 5.00     |
      | CABLE | 1        | 10%      |
      | PHONE | 1        |          |
    And a discount of 10%
    And "sam" has rung it up paid by card 486.44
    Then the sale is "S-000001" with subtotal 540.49, discount 54.05 and total 486.44
    And the items of the sale are:
      | sku   | discount | line total | share | net    |
      | CASE  | 5.00     | 32.50      | 3.25  | 29.25  |
      | CABLE | 1.00     | 8.99       | 0.90  | 8.09   |
      | PHONE | 0.00     | 499.00     | 49.90 | 449.10 |
    When "sam" returns from "S-000001" because "Too many", refunded by card 9.75:
      | sku  | quantity |
      | CASE | 1        |
    Then the return is "RT-000001" refunding 9.75
    When "sam" returns from "S-000001" because "Changed mind", refunded by card 476.69:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 1        |
      | PHONE | 1        |
    Then the return is "RT-000002" refunding 476.69
    And the refunds of the items are 19.50, 8.09, 449.10
    And the sale "S-000001" has refunded 486.44

  Scenario: Lines of one product add up their own discounts
    Given a sale of:
      | sku  | quantity | discount |
      | CASE | 1        | 1.00     |
      | CASE | 2        | 50%      |
    When "sam" rings it up paid by cash 24.00
    Then the items of the sale are:
      | sku  | quantity | discount | line total |
      | CASE | 3        | 13.50    | 24.00      |

  Scenario: A line's discount beyond its line is refused on that line, and nothing is recorded
    Given a sale of:
      | sku   | quantity | discount |
      | CABLE | 1        |          |
      | CASE  | 1        | 12.51    |
    When "sam" rings it up paid by card 9.98
    Then it is refused as invalid input for "items[1].discount"
    And no sale was recorded
    And the product "CASE" has 10 in stock

  Scenario: A hundred percent off makes the sale free of charge: it needs no payment, and takes the stock
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And a discount of 100%
    When "sam" rings it up paid by nothing
    Then the sale is "S-000001" with subtotal 12.50, discount 12.50 and total 0.00
    And the product "CASE" has 9 in stock

  Scenario: A sale that costs something still needs its payments
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And a discount of 99%
    When "sam" rings it up paid by nothing
    Then it is refused as invalid input for "payments"

  Scenario Outline: Through the API a discount is a bare amount, an amount or a percent
    When "sam" sells through the API with the discount <discount>, paid by card <total>:
      | sku   | quantity | discount         |
      | CASE  | 2        | {"percent": "20"} |
      | CABLE | 1        | "0.99"           |
    Then the API answers 201
    And the sale "S-000001" has subtotal 29.00, discount <off> and total <total>

    Examples:
      | discount             | off  | total |
      | "1.00"               | 1.00 | 28.00 |
      | {"amount": 2}        | 2.00 | 27.00 |
      | {"percent": "12.5"}  | 3.63 | 25.37 |

  Scenario Outline: Through the API a bad discount is a 422 naming it, and nothing is recorded
    When "sam" sells through the API with the discount <discount>, paid by card 12.50:
      | sku  | quantity | discount    |
      | CASE | 1        | <line>      |
    Then the API answers 422 naming the field "<field>"
    And no sale was recorded

    Examples:
      | discount               | line                  | field             |
      | {"percent": "100.01"}  |                       | discount          |
      | {"percent": 10, "amount": "1.00"} |            | discount          |
      | "-1.00"                |                       | discount          |
      | "0"                    | {"percent": "-5"}     | items[0].discount |
      | "0"                    | "12.51"               | items[0].discount |

  Scenario: The point of sale reads a percent and an amount, and shows what they take off
    Given a sale of:
      | sku   | quantity | discount |
      | CASE  | 2        | 10%      |
      | CABLE | 1        |          |
    And a discount of 2.00
    When "sam" prices it at the point of sale paid by nothing
    Then the point of sale shows line discounts 2.50, subtotal 32.49, discount 2.00 and total 30.49

  Scenario: The point of sale sells with the discounts typed
    Given a sale of:
      | sku   | quantity | discount |
      | CASE  | 2        | 10%      |
      | CABLE | 1        |          |
    And a discount of 5%
    When "sam" sells it at the point of sale paid by card 30.87
    Then the page answers 303
    And the sale "S-000001" has subtotal 32.49, discount 1.62 and total 30.87
