Feature: Stock and its ledger
  Stock changes only through stock movements, each recording its quantity,
  the stock before and after, a reason, the user and the time; movements are
  never changed or deleted. Staff receive goods (a purchase, quantity > 0);
  admins adjust stock up or down with a required reason. Stock never goes
  below zero, and a product's stock is always the sum of its movements.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And a product "A-1" with 5 in stock

  Scenario: Staff receive goods
    When "sam" receives 10 of "A-1"
    Then it is accepted
    And the product "A-1" has 15 in stock
    And the ledger of "A-1" is:
      | type     | quantity | before | after | reason        |
      | initial  | 5        | 0      | 5     | Initial stock |
      | purchase | 10       | 5      | 15    |               |
    And every product's stock is the sum of its movements

  Scenario Outline: Receiving nothing, or less than nothing, is refused
    When "sam" receives <quantity> of "A-1"
    Then it is refused as invalid input for "quantity"
    And the product "A-1" has 5 in stock

    Examples:
      | quantity |
      | 0        |
      | -3       |

  Scenario: An admin corrects the stock down with a reason
    When "ada" adjusts the stock of "A-1" by -2 because "two found broken"
    Then it is accepted
    And the product "A-1" has 3 in stock
    And the ledger of "A-1" is:
      | type       | quantity | before | after | reason           |
      | initial    | 5        | 0      | 5     | Initial stock    |
      | adjustment | -2       | 5      | 3     | two found broken |

  Scenario: An adjustment needs a reason
    When "ada" adjusts the stock of "A-1" by -2 without a reason
    Then it is refused as invalid input for "reason"
    And the product "A-1" has 5 in stock

  Scenario: An adjustment of nothing is refused
    When "ada" adjusts the stock of "A-1" by 0 because "counting"
    Then it is refused as invalid input for "quantity"

  Scenario: Staff may not adjust stock; a manager may
    When "sam" adjusts the stock of "A-1" by 3 because "found more"
    Then it is refused as forbidden
    And the product "A-1" has 5 in stock
    And the ledger of "A-1" still has 1 movement
    When "mia" adjusts the stock of "A-1" by 3 because "found more"
    Then it is accepted
    And the product "A-1" has 8 in stock

  Scenario: Stock never goes below zero
    When "ada" adjusts the stock of "A-1" by -6 because "stocktake"
    Then it is refused as a conflict
    And the product "A-1" has 5 in stock
    And the ledger of "A-1" still has 1 movement

  Scenario: Stock may go down to exactly zero
    When "ada" adjusts the stock of "A-1" by -5 because "stocktake"
    Then it is accepted
    And the product "A-1" has 0 in stock

  Scenario: A deleted product's stock cannot be moved
    Given "ada" has deleted the product "A-1"
    When "sam" receives 1 of "A-1"
    Then it is refused as not found
