Feature: Stock taken and put back by other contexts
  Sales, returns and repairs change stock only through the catalog's port,
  inside their own transaction: a sale takes stock for all its lines at
  once, or, when any line lacks stock, names every short product and takes
  nothing at all. Voids and returns put stock back. Each writes movements
  that say what they belong to.

  Background:
    Given a staff member "sam"
    And a product "A-1" with 5 in stock
    And a product "B-1" with 1 in stock
    And a product "C-1" with 0 in stock

  Scenario: A sale takes stock for every line
    When sale 17 by "sam" takes from stock:
      | sku | quantity |
      | A-1 | 2        |
      | B-1 | 1        |
    Then it is accepted
    And the product "A-1" has 3 in stock
    And the product "B-1" has 0 in stock
    And the newest movement of "A-1" is a sale of -2 for sale 17
    And every product's stock is the sum of its movements

  Scenario: A sale short of stock names every short product and takes nothing
    When sale 18 by "sam" takes from stock:
      | sku | quantity |
      | A-1 | 2        |
      | B-1 | 2        |
      | C-1 | 1        |
    Then it is refused as a conflict
    And the refusal names the short products B-1, C-1
    And the product "A-1" has 5 in stock
    And the ledger of "A-1" still has 1 movement

  Scenario: A voided sale puts its stock back
    Given sale 19 by "sam" has taken 4 of "A-1"
    When sale 19 is voided by "sam", putting back 4 of "A-1"
    Then the product "A-1" has 5 in stock
    And the newest movement of "A-1" is a sale_void of 4 for sale 19

  Scenario: A sale refuses what cannot be sold
    Given the product "B-1" is inactive
    Then the product "B-1" cannot be sold
    And the product "A-1" can be sold
