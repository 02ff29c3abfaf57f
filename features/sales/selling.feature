Feature: Selling at the counter
  A sale takes stock for every line, copies each product's price, and is paid
  by one or more of cash, card, transfer and account; the payments add up to
  the total exactly. It gets the next gap-free number (S-000001). Anything
  refused leaves nothing behind.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku   | name          | price  | stock |
      | CASE  | Phone case    | 12.50  | 10    |
      | CABLE | USB-C cable   | 9.99   | 5     |
      | PHONE | Phone X       | 499.00 | 2     |

  Scenario: A sale of two products, paid by cash and card
    Given a sale of:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 1        |
    When "sam" rings it up paid by cash 20.00 and card 14.99
    Then the sale is "S-000001" with subtotal 34.99, discount 0.00 and total 34.99
    And the items of the sale are:
      | sku   | name        | quantity | unit price | line total |
      | CASE  | Phone case  | 2        | 12.50      | 25.00      |
      | CABLE | USB-C cable | 1        | 9.99       | 9.99       |
    And the product "CASE" has 8 in stock
    And the product "CABLE" has 4 in stock
    And the newest movement of "CASE" is a sale of -2 for sale 1

  Scenario: Lines of the same product are added together
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
      | CASE | 2        |
    When "sam" rings it up paid by card 37.50
    Then the items of the sale are:
      | sku  | name       | quantity | unit price | line total |
      | CASE | Phone case | 3        | 12.50      | 37.50      |
    And the product "CASE" has 7 in stock

  Scenario: Numbers follow one another without gaps, refusals take none
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    And a sale of:
      | sku   | quantity |
      | PHONE | 3        |
    And "sam" has tried to ring it up paid by cash 1497.00
    And a sale of:
      | sku   | quantity |
      | CABLE | 1        |
    When "sam" rings it up paid by cash 9.99
    Then the sale numbers are S-000001, S-000002

  Scenario: The price is the one at the moment of the sale
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And "sam" has rung it up paid by cash 12.50
    When "ada" changes the product "CASE" with:
      | price | 15.00 |
    Then the items of sale "S-000001" are:
      | sku  | name       | quantity | unit price | line total |
      | CASE | Phone case | 1        | 12.50      | 12.50      |

  Scenario: A discount is an amount, spread over the lines in proportion, the remainder on the last
    Given a sale of:
      | sku   | quantity |
      | CASE  | 1        |
      | CABLE | 1        |
      | PHONE | 1        |
    And a discount of 10.00
    When "sam" rings it up paid by card 511.49
    Then the sale is "S-000001" with subtotal 521.49, discount 10.00 and total 511.49
    And the discount shares of the items are 0.24, 0.19, 9.57

  Scenario Outline: Payments must add up to the total exactly, each more than zero
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    When "sam" rings it up paid by <payments>
    Then it is refused as invalid input for "<field>"
    And no sale was recorded
    And the product "CASE" has 10 in stock

    Examples:
      | payments                  | field              |
      | cash 20.00                | payments           |
      | cash 20.00 and card 10.00 | payments           |
      | cash 25.00 and card 0.00  | payments[1].amount |

  Scenario: A discount cannot be more than the subtotal
    Given a sale of:
      | sku  | quantity |
      | CASE | 1        |
    And a discount of 12.51
    When "sam" rings it up paid by cash 0.01
    Then it is refused as invalid input for "discount"
    And no sale was recorded

  Scenario: A sale needs at least one line
    Given an empty sale
    When "sam" rings it up paid by cash 1.00
    Then it is refused as invalid input for "items"

  Scenario: Short stock is refused, naming every short product, and nothing is taken
    Given a sale of:
      | sku   | quantity |
      | CASE  | 2        |
      | CABLE | 6        |
      | PHONE | 3        |
    When "sam" rings it up paid by cash 1581.94
    Then it is refused as a conflict naming "CABLE" and "PHONE"
    And no sale was recorded
    And the product "CASE" has 10 in stock
    And the product "CABLE" has 5 in stock
    And the ledger of "CASE" still has 1 movement

  Scenario: Inactive, deleted and unknown products cannot be sold
    Given the product "CABLE" is inactive
    And "ada" has deleted the product "PHONE"
    And a sale of:
      | sku   | quantity |
      | CABLE | 1        |
      | PHONE | 1        |
    When "sam" rings it up paid by cash 508.99
    Then it is refused as a conflict naming "CABLE" and "PHONE"
    And no sale was recorded
    Given a sale of an unknown product
    When "sam" rings it up paid by cash 10.00
    Then it is refused as invalid input for "items[0].product_id"
