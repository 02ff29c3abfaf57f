Feature: Labour and part lines make a repair's price, each taxed on its own; the quote
  A labour line is a description and an amount, taxed at the rate named or the store's default; a part line
  takes a product from stock, its price and rate copied. Each line is taxed as a sale's line is (half-up to
  cents, at the line; before or within the price by TECHSTORE_PRICES_INCLUDE_TAX). The older price input sets
  one labour line "Repair". Awaiting approval needs a diagnosis and a line and makes the lines' total the quote,
  frozen there: while the customer is asked no line is added or removed, so what they approve is what they were
  sent. Once approved, the lines may grow up to the quote; a line beyond it is added only by asking the customer
  again: the repair goes back to awaiting approval, the new total its quote. Removing a part line before delivery
  gives its stock back.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And these products:
      | sku    | name             | price | stock |
      | SCREEN | iPhone 12 screen | 80.00 | 5     |
    And the tax rate "Standard" at 23%
    And the tax rate "Services" at 8.25%
    And the product "SCREEN" is taxed at "Standard"
    And the customer "Ana Silva" with the phone "+351 912 345 678"
    And "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"

  Scenario: Prices before tax: labour at its rate and a part at its product's, each taxed on its own line
    When "sam" adds a labour line "Screen replacement" of 49.00 taxed at "Services"
    Then it is accepted
    When "sam" adds 1 of "SCREEN" as a part line
    Then it is accepted
    And the lines of the repair are:
      | kind   | description        | quantity | unit price | rate     | net   | tax   | total |
      | labour | Screen replacement | 1        | 49.00      | Services | 49.00 | 4.04  | 53.04 |
      | part   | iPhone 12 screen   | 1        | 80.00      | Standard | 80.00 | 18.40 | 98.40 |
    And the repair's total is 151.44 with tax 22.44
    And the product "SCREEN" has 4 in stock
    And the books hold: money, stock and accounts

  Scenario: Prices that include tax: the tax is within each line's amount
    Given the store's prices include tax for repairs
    When "sam" adds a labour line "Screen replacement" of 49.00 taxed at "Services"
    And "sam" adds 1 of "SCREEN" as a part line
    Then it is accepted
    And the lines of the repair are:
      | kind   | description        | quantity | unit price | rate     | net   | tax   | total |
      | labour | Screen replacement | 1        | 49.00      | Services | 45.27 | 3.73  | 49.00 |
      | part   | iPhone 12 screen   | 1        | 80.00      | Standard | 65.04 | 14.96 | 80.00 |
    And the repair's total is 129.00 with tax 18.69

  Scenario: A labour line without a rate is taxed at the store's default rate
    Given "ada" has made the tax rate "Services" the default
    When "sam" adds a labour line "Cleaning" of 10.00
    Then it is accepted
    And the lines of the repair are:
      | kind   | description | quantity | unit price | rate     | net   | tax  | total |
      | labour | Cleaning    | 1        | 10.00      | Services | 10.00 | 0.83 | 10.83 |

  Scenario: The older price input becomes one labour line "Repair", replaced when given again
    When "sam" takes in a "iPad" from "Ana Silva" for "Dead battery" with the price 120.00
    Then it is accepted
    And the lines of the repair are:
      | kind   | description | quantity | unit price | rate      | net    | tax  | total  |
      | labour | Repair      | 1        | 120.00     | Sales tax | 120.00 | 0.00 | 120.00 |
    Given "ada" has made the tax rate "Services" the default
    And the repair has 1 of "SCREEN" as a part line
    And the repair has the price 90.00
    Then the lines of the repair are:
      | kind   | description      | quantity | unit price | rate     | net   | tax   | total |
      | part   | iPhone 12 screen | 1        | 80.00      | Standard | 80.00 | 18.40 | 98.40 |
      | labour | Repair           | 1        | 90.00      | Services | 90.00 | 7.43  | 97.43 |
    And the repair's total is 195.83 with tax 25.83

  Scenario: Awaiting approval needs a diagnosis and a line, and makes the lines' total the quote
    Given the repair is "diagnosing"
    And the repair has a labour line "Screen replacement" of 49.00 taxed at "Services"
    When "sam" moves the repair to "awaiting_approval"
    Then it is refused as a conflict
    And the refusal says "Moving to awaiting approval needs a diagnosis."
    And the repair has no quote
    Given "sam" has taken in a "iPhone 13" from "Ana Silva" for "No sound"
    And the repair is "diagnosing"
    And the repair has the diagnosis "Speaker"
    When "sam" moves the repair to "awaiting_approval"
    Then it is refused as a conflict
    And the refusal says "Moving to awaiting approval needs at least one line (labour or part)."
    Given the repair has a labour line "Speaker replacement" of 49.00 taxed at "Services"
    When "sam" moves the repair to "awaiting_approval"
    Then it is accepted
    And the quote of the repair is 53.04

  Scenario: While the quote is with the customer no line is added or removed: the quote and the stock stay
    Given the repair has the diagnosis "Broken LCD"
    And the repair has 1 of "SCREEN" as a part line
    And the repair is "awaiting_approval"
    Then the quote of the repair is 98.40
    And the product "SCREEN" has 4 in stock
    When "sam" adds a labour line "Cleaning" of 10.00
    Then it is refused as a conflict
    And the refusal says "R-000001's quote of 98.40 is with the customer: record their answer first (approved, then add work up to the quote; declined, then ready)"
    When "sam" adds 1 of "SCREEN" as a part line
    Then it is refused as a conflict
    When "sam" removes the line "iPhone 12 screen"
    Then it is refused as a conflict
    When "sam" gives the repair the price 10.00
    Then it is refused as a conflict
    When "sam" asks the customer again with a labour line "Cleaning" of 10.00
    Then it is refused as a conflict
    And the quote of the repair is 98.40
    And the repair's total is 98.40 with tax 18.40
    And the product "SCREEN" has 4 in stock
    And the repair is "awaiting_approval"
    When "sam" records that the customer approved the quote noting "by phone"
    Then the repair is "in_repair"
    When "sam" removes the line "iPhone 12 screen"
    Then it is accepted
    And the product "SCREEN" has 5 in stock
    And the books hold: money, stock and accounts

  Scenario: Approved work may grow up to the quote; beyond it the customer is asked again
    Given the repair has the diagnosis "Broken LCD"
    And the repair has a labour line "Screen replacement" of 49.00 taxed at "Services"
    And the repair has 1 of "SCREEN" as a part line
    And the repair is "awaiting_approval"
    Then the quote of the repair is 151.44
    When "sam" records that the customer approved the quote noting "by phone"
    Then the repair is "in_repair"
    When "sam" removes the line "Screen replacement"
    Then it is accepted
    When "sam" adds a labour line "Screen replacement" of 49.00 taxed at "Services"
    Then it is accepted
    And the repair's total is 151.44 with tax 22.44
    When "sam" adds a labour line "Cleaning" of 0.01
    Then it is refused as a conflict
    And the refusal says "beyond the approved quote of 151.44. To add it, ask the customer again (requote)"
    When "sam" adds 1 of "SCREEN" as a part line
    Then it is refused as a conflict
    And the repair's total is 151.44 with tax 22.44
    And the product "SCREEN" has 4 in stock
    When "sam" asks the customer again with a labour line "Cleaning" of 10.00
    Then it is accepted
    And the repair is "awaiting_approval"
    And the quote of the repair is 161.44
    When "sam" adds a labour line "Polish" of 1.00
    Then it is refused as a conflict
    And the quote of the repair is 161.44
    When "sam" records that the customer approved the quote noting "by phone, again"
    Then the repair is "in_repair"
    And the books hold: money, stock and accounts

  Scenario: Sent back to awaiting approval by a move, the lines as they now stand become the quote
    Given the repair has the diagnosis "Broken LCD"
    And the repair has a labour line "Screen replacement" of 49.00 taxed at "Services"
    And the repair has 1 of "SCREEN" as a part line
    And the repair is "in_repair"
    Then the quote of the repair is 151.44
    When "sam" removes the line "Screen replacement"
    And "sam" adds a labour line "Screen fitting" of 20.00 taxed at "Services"
    And "sam" adds a labour line "Cleaning" of 10.00 taxed at "Services"
    Then it is accepted
    And the repair's total is 130.88 with tax 20.88
    When "sam" moves the repair to "awaiting_approval"
    Then it is accepted
    And the quote of the repair is 130.88

  Scenario: Removing a part line gives its stock back
    Given the repair has 2 of "SCREEN" as a part line
    Then the product "SCREEN" has 3 in stock
    When "sam" removes the line "iPhone 12 screen"
    Then it is accepted
    And the product "SCREEN" has 5 in stock
    And the repair has no lines
    And the books hold: money, stock and accounts

  Scenario: A part line short of stock is refused and nothing changes
    When "sam" adds 6 of "SCREEN" as a part line
    Then it is refused as a conflict
    And the product "SCREEN" has 5 in stock
    And the repair has no lines

  Scenario: Once delivered, no line is removed
    Given the repair has 1 of "SCREEN" as a part line
    And the repair is "delivered"
    When "sam" removes the line "iPhone 12 screen"
    Then it is refused as a conflict
    And the product "SCREEN" has 4 in stock
    And the books hold: money, stock and accounts
