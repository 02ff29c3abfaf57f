Feature: The point of sale's change to give, and tendered cash alone
  The point of sale shows the change to give (the cash tendered less the cash
  part of the payments) only once the payments cover the sale and one of them
  is cash: before that, what the customer still owes would be counted as
  change. Cash tendered with no payment typed means the whole sale in cash.
  (This is the point of sale's form; the API takes the payments as given.)

  Background:
    Given a staff member "sam"
    And these products:
      | sku   | name       | price | stock |
      | GUARD | Screen kit | 16.09 | 10    |

  Scenario Outline: The change shows once the payments cover the sale with cash
    Given a sale of:
      | sku   | quantity |
      | GUARD | 1        |
    And cash tendered of <tendered>
    When "sam" prices it at the point of sale paid by <payments>
    Then the point of sale shows <paid> paid, <due> still to pay and change <change>

    Examples:
      | tendered | payments                 | paid  | due  | change |
      | 20.00    | cash 10.00               | 10.00 | 6.09 | none   |
      | 20.00    | card 16.09               | 16.09 | 0.00 | none   |
      | 20.00    | cash 10.00 and card 6.09 | 16.09 | 0.00 | 10.00  |
      | 20.00    | nothing                  | 16.09 | 0.00 | 3.91   |

  Scenario: Tendered cash alone sells the whole sale for cash, with its change
    Given a sale of:
      | sku   | quantity |
      | GUARD | 1        |
    And cash tendered of 20.00
    When "sam" sells it at the point of sale paid by nothing
    Then the point of sale sold "S-000001" paid by cash 16.09, with cash tendered 20.00 and change 3.91
