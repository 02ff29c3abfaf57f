Feature: Taxes on a sale and on its returns
  Each line is taxed at its product's rate after its share of every discount,
  half-up to cents, at the line. With prices before tax, the tax is added to
  the line; with prices that include tax, it is the part of the line's total
  above its net. A return refunds each unit's share of its line's total and
  tax, the remainder on the last unit, so returning everything refunds
  exactly what was charged.

  Background:
    Given an admin "ada"
    # A manager: discounts above the staff's limit need no one's approval (features/sales/approvals.feature).
    And a manager "sam"
    And these products:
      | sku    | name       | price   | stock |
      | CASE   | Phone case | 19.99   | 10    |
      | CLIP   | Paper clip | 0.10    | 100   |
      | LAPTOP | Laptop     | 1299.00 | 5     |
    And the tax rate "Standard" at 23%
    And the tax rate "Reduced" at 6%
    And the tax rate "Exempt" at 0%
    And the product "CASE" is taxed at "Standard"
    And the product "CLIP" is taxed at "Reduced"
    And the product "LAPTOP" is taxed at "Exempt"
    And a sale of:
      | sku    | quantity |
      | CASE   | 3        |
      | CLIP   | 7        |
      | LAPTOP | 1        |
    And a discount of 10%

  Scenario: Prices before tax: each line's tax is added after its share of the discount; returns refund exactly the charge
    When "sam" rings it up paid by card 1236.15
    Then the sale is "S-000001" with subtotal 1359.67, discount 135.97 and total 1236.15
    And the items of the sale are:
      | sku    | line total | share  | net     | rate     | tax   | total   |
      | CASE   | 59.97      | 6.00   | 53.97   | Standard | 12.41 | 66.38   |
      | CLIP   | 0.70       | 0.07   | 0.63    | Reduced  | 0.04  | 0.67    |
      | LAPTOP | 1299.00    | 129.90 | 1169.10 | Exempt   | 0.00  | 1169.10 |
    And the sale's taxes are:
      | rate     | percent | net     | tax   |
      | Standard | 23.000  | 53.97   | 12.41 |
      | Reduced  | 6.000   | 0.63    | 0.04  |
      | Exempt   | 0.000   | 1169.10 | 0.00  |
    When "sam" returns from "S-000001" because "Two too many", refunded by card 44.25:
      | sku  | quantity |
      | CASE | 2        |
    Then the return is "RT-000001" refunding 44.25
    And the return's tax is 8.27
    And today's tax by rate is:
      | rate     | net     | tax  |
      | Standard | 17.99   | 4.14 |
      | Reduced  | 0.63    | 0.04 |
      | Exempt   | 1169.10 | 0.00 |
    When "sam" returns from "S-000001" because "Changed mind", refunded by card 1191.90:
      | sku    | quantity |
      | CASE   | 1        |
      | CLIP   | 7        |
      | LAPTOP | 1        |
    Then the return is "RT-000002" refunding 1191.90
    And the refunds of the items are 22.13, 0.67, 1169.10
    And the return's tax is 4.18
    And the sale "S-000001" has refunded 1236.15
    And today's tax by rate is:
      | rate     | net  | tax  |
      | Standard | 0.00 | 0.00 |
      | Reduced  | 0.00 | 0.00 |
      | Exempt   | 0.00 | 0.00 |

  Scenario: Prices that include tax: the tax is within each line's total; returns refund exactly the charge
    Given the store's prices include tax
    When "sam" rings it up paid by card 1223.70
    Then the sale is "S-000001" with subtotal 1359.67, discount 135.97 and total 1223.70
    And the items of the sale are:
      | sku    | line total | share  | net     | tax   | total   |
      | CASE   | 59.97      | 6.00   | 43.88   | 10.09 | 53.97   |
      | CLIP   | 0.70       | 0.07   | 0.59    | 0.04  | 0.63    |
      | LAPTOP | 1299.00    | 129.90 | 1169.10 | 0.00  | 1169.10 |
    And the sale's taxes are:
      | rate     | percent | net     | tax   |
      | Standard | 23.000  | 43.88   | 10.09 |
      | Reduced  | 6.000   | 0.59    | 0.04  |
      | Exempt   | 0.000   | 1169.10 | 0.00  |
    When "sam" returns from "S-000001" because "Two too many", refunded by card 35.98:
      | sku  | quantity |
      | CASE | 2        |
    Then the return is "RT-000001" refunding 35.98
    And the return's tax is 6.73
    When "sam" returns from "S-000001" because "Changed mind", refunded by card 1187.72:
      | sku    | quantity |
      | CASE   | 1        |
      | CLIP   | 7        |
      | LAPTOP | 1        |
    Then the return is "RT-000002" refunding 1187.72
    And the refunds of the items are 17.99, 0.63, 1169.10
    And the return's tax is 3.40
    And the sale "S-000001" has refunded 1223.70

  Scenario: Payments must equal the total with tax
    When "sam" rings it up paid by card 1223.70
    Then it is refused as invalid input for "payments"
    And no sale was recorded
