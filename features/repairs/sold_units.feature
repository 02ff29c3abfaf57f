Feature: Repairs of units sold here
  A repair taken in with the serial (or IMEI) of a unit sold here is linked to that unit. A sold unit is under
  warranty until its sale's date plus the product's warranty months: while that runs, the repair is flagged under
  warranty as an earlier repair's warranty flags it, and may be done under warranty. A part line of a serialized
  product names its units, taken from stock and put back when the line is removed.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the customer "Ana Silva" with the email "ana@example.com"
    And the serialized product "PHONE" by "imei" with 12 months of warranty, in stock: 350000111111114, 350000111111122
    And the serialized product "SCREEN" by "serial" with 0 months of warranty, in stock: SCR-1, SCR-2
    And a sale of:
      | sku   | quantity | serials         |
      | PHONE | 1        | 350000111111114 |
    And the customer "Ana Silva"
    And "sam" has rung it up paid by card 500.00

  Scenario: A sold unit taken in is linked and flagged under the sale's warranty
    When "sam" takes in a "Phone" with serial "350000111111114" from "Ana Silva" for "No sound"
    Then it is accepted
    And the repair is the sold unit "350000111111114"
    And the repair is flagged under the sale's warranty until 2027-01-05

  Scenario: Under the sale's warranty the repair may be done under warranty
    When "sam" takes in a "Phone" with serial "350000111111114" from "Ana Silva" for "No sound" under warranty
    Then it is accepted
    And the repair is done under warranty
    And the repair holds 0.00 in deposits and has 0.00 to pay

  Scenario: Once the sale's warranty has run out, the unit is linked but not covered
    Given 366 days pass
    When "sam" takes in a "Phone" with serial "350000111111114" from "Ana Silva" for "No sound"
    Then it is accepted
    And the repair is the sold unit "350000111111114"
    And the repair is not flagged under any warranty
    When "sam" takes in a "Phone" with serial "350000111111114" from "Ana Silva" for "No sound" under warranty
    Then it is refused as a conflict

  Scenario: A serial that is not a sold unit is not linked
    When "sam" takes in a "Phone" with serial "350000111111122" from "Ana Silva" for "No sound"
    Then it is accepted
    And the repair is no sold unit
    And the repair is not flagged under any warranty

  Scenario: A serialized part names its units; removing the line puts them back
    Given "sam" has taken in a "Phone" from "Ana Silva" for "Cracked screen"
    When "sam" adds 1 of "SCREEN" as a part line naming SCR-2
    Then it is accepted
    And the unit "SCR-2" is sold
    And the product "SCREEN" has 1 in stock
    When "sam" removes the line "Product SCREEN"
    Then it is accepted
    And the unit "SCR-2" is in stock
    And the product "SCREEN" has 2 in stock
    And the books hold: money, stock and accounts

  Scenario: A serialized part's units are counted, and must be in stock
    Given "sam" has taken in a "Phone" from "Ana Silva" for "Cracked screen"
    When "sam" adds 1 of "SCREEN" as a part line
    Then it is refused as invalid input for "serials"
    When "sam" adds 1 of "SCREEN" as a part line naming SCR-9
    Then it is refused as a conflict
    And the refusal says "SCR-9"
