Feature: Products
  A product has a SKU (unique, stored upper-case, letters, digits, - and _),
  an optional barcode (unique, stored upper-case: an EAN-8, UPC-A or EAN-13
  code with its check digit, or the store's own code for Code 128 labels),
  a name, a description, a category, a price,
  an optional cost, its stock, a minimum stock and an active flag. Stock is
  set only by stock movements: a new product's stock is its initial
  movement. Deleting a product is soft: it vanishes from lists and cannot be
  sold, and neither can an inactive product.

  Background:
    Given an admin "ada"
    And a staff member "sam"

  Scenario: Staff create a product with its initial stock
    Given a category "Cables"
    When "sam" creates a product with:
      | sku      | usb-c_1m        |
      | name     | USB-C cable 1 m |
      | price    | 9.90            |
      | cost     | 3.10            |
      | barcode  | 4006381333931   |
      | category | Cables          |
      | stock    | 25              |
    Then it is accepted
    And the product "USB-C_1M" has 25 in stock
    And the ledger of "USB-C_1M" is:
      | type    | quantity | before | after | reason        |
      | initial | 25       | 0      | 25    | Initial stock |

  Scenario: A product without stock has no movement yet
    When "sam" creates a product with:
      | sku   | CASE-1 |
      | name  | Case   |
      | price | 15.00  |
    Then it is accepted
    And the product "CASE-1" has 0 in stock
    And the ledger of "CASE-1" is empty

  Scenario Outline: A SKU is taken whatever its letter case
    Given a product "USB-C-1M"
    When "sam" creates a product with:
      | sku   | <sku>   |
      | name  | Another |
      | price | 1.00    |
    Then it is refused as a conflict
    And the products are: USB-C-1M

    Examples:
      | sku      |
      | USB-C-1M |
      | usb-c-1m |

  Scenario: A barcode belongs to one product
    Given a product "A-1" with the barcode "4006381333931"
    When "sam" creates a product with:
      | sku     | B-1           |
      | name    | Another       |
      | price   | 1.00          |
      | barcode | 4006381333931 |
    Then it is refused as a conflict
    And the products are: A-1

  Scenario Outline: Bad input at every field changes nothing
    When "sam" creates a product with:
      | sku       | <sku>       |
      | name      | <name>      |
      | price     | <price>     |
      | barcode   | <barcode>   |
      | cost      | <cost>      |
      | min_stock | <min_stock> |
    Then it is refused as invalid input for "<field>"
    And the products are: none

    Examples:
      | sku     | name  | price | barcode  | cost  | min_stock | field     |
      | bad sku | Thing | 1.00  |          |       | 0         | sku       |
      | SKU/1   | Thing | 1.00  |          |       | 0         | sku       |
      |         | Thing | 1.00  |          |       | 0         | sku       |
      | A-1     |       | 1.00  |          |       | 0         | name      |
      | A-1     | Thing | -1.00 |          |       | 0         | price     |
      | A-1     | Thing | 1.00  | 12AB#678 |       | 0         | barcode   |
      | A-1     | Thing | 1.00  | 1234     |       | 0         | barcode   |
      | A-1     | Thing | 1.00  |          | -0.01 | 0         | cost      |
      | A-1     | Thing | 1.00  |          |       | -1        | min_stock |

  Scenario Outline: A barcode of 8, 12 or 13 digits must carry its check digit
    When "sam" creates a product with:
      | sku     | A-1       |
      | name    | Thing     |
      | price   | 1.00      |
      | barcode | <barcode> |
    Then it is refused as invalid input for "barcode"
    And the products are: none

    Examples: EAN-13, EAN-8 and UPC-A with the last digit wrong
      | barcode       |
      | 4006381333932 |
      | 96385075      |
      | 036000291453  |

  Scenario Outline: Valid codes, and other lengths as the store's own codes, are accepted
    When "sam" creates a product with:
      | sku     | A-1       |
      | name    | Thing     |
      | price   | 1.00      |
      | barcode | <barcode> |
    Then it is accepted
    And the products are: A-1

    Examples: EAN-13, EAN-8, UPC-A, then 10 and 14 digits (not checked)
      | barcode        |
      | 4006381333931  |
      | 96385074       |
      | 036000291452   |
      | 2000000000     |
      | 12345678901234 |

  Scenario: The store's own text code is a barcode, kept upper-case
    When "sam" creates a product with:
      | sku     | A-1       |
      | name    | Thing     |
      | price   | 1.00      |
      | barcode | ts-000123 |
    Then it is accepted
    And the product "A-1" has the barcode "TS-000123"

  Scenario Outline: The store's own codes: up to 40 letters, digits, spaces and - _ . / +, not all digits
    When "sam" creates a product with:
      | sku     | A-1       |
      | name    | Thing     |
      | price   | 1.00      |
      | barcode | <barcode> |
    Then it is <answer>
    And the products are: <products>

    Examples: accepted; then too long, a character outside the set, not ASCII, a leading -, 7 and 15 digits
      | barcode                                   | answer                              | products |
      | TS-000123                                 | accepted                            | A-1      |
      | 2024/A 7.B+C_1                            | accepted                            | A-1      |
      | 12AB5678                                  | accepted                            | A-1      |
      | X                                         | accepted                            | A-1      |
      | ABCDEFGHIJ-ABCDEFGHIJ-ABCDEFGHIJ-ABCDEFG1 | refused as invalid input for "barcode" | none  |
      | TS#000123                                 | refused as invalid input for "barcode" | none  |
      | TS-ÄÖÜ                                    | refused as invalid input for "barcode" | none  |
      | -TS123                                    | refused as invalid input for "barcode" | none  |
      | 1234567                                   | refused as invalid input for "barcode" | none  |
      | 123456789012345                           | refused as invalid input for "barcode" | none  |

  Scenario: A text code belongs to one product, whatever its letter case
    Given a product "A-1" with the barcode "TS-000123"
    When "sam" creates a product with:
      | sku     | B-1       |
      | name    | Another   |
      | price   | 1.00      |
      | barcode | ts-000123 |
    Then it is refused as a conflict
    And the products are: A-1

  Scenario: Changing a product to a text code, then to a bad one
    Given a product "A-1" with the barcode "4006381333931"
    When "sam" changes the product "A-1" with:
      | barcode | shelf 4/b |
    Then it is accepted
    And the product "A-1" has the barcode "SHELF 4/B"
    When "sam" changes the product "A-1" with:
      | barcode | SHELF#4 |
    Then it is refused as invalid input for "barcode"
    And the product "A-1" has the barcode "SHELF 4/B"

  Scenario: Scanning a barcode at the counter finds its product: an EAN, a text code in any case, else a SKU
    The barcode is looked up first, then the SKU: a code that is one product's barcode and another's SKU
    finds the barcode's.
    Given a product "A-1" with the barcode "TS-000123"
    And a product "B-1" with the barcode "4006381333931"
    And a product "C-1" with the barcode "A-1"
    When "sam" scans the code "ts-000123" at the counter
    Then the counter finds the product "A-1"
    When "sam" scans the code "4006381333931" at the counter
    Then the counter finds the product "B-1"
    When "sam" scans the code "b-1" at the counter
    Then the counter finds the product "B-1"
    When "sam" scans the code "a-1" at the counter
    Then the counter finds the product "C-1"
    When "sam" scans the code "TS-000124" at the counter
    Then the counter finds no product

  Scenario: Changing a product to a barcode with a wrong check digit changes nothing
    Given a product "A-1" with the barcode "4006381333931"
    When "sam" changes the product "A-1" with:
      | barcode | 4006381333932 |
    Then it is refused as invalid input for "barcode"
    And the product "A-1" has the barcode "4006381333931"

  Scenario: A product in a category that does not exist
    When "sam" creates a product with:
      | sku      | A-1             |
      | name     | Thing           |
      | price    | 1.00            |
      | category | no such category |
    Then it is refused as a conflict
    And the products are: none

  Scenario: Changing a product leaves its stock alone
    Given a product "A-1" with 4 in stock
    When "sam" changes the product "A-1" with:
      | name  | Better name |
      | price | 12.50       |
    Then it is accepted
    And the product "A-1" is named "Better name" and priced 12.50
    And the product "A-1" has 4 in stock

  Scenario: Changing a product's SKU to one already taken
    Given a product "A-1"
    And a product "B-1"
    When "sam" changes the product "B-1" with:
      | sku | a-1 |
    Then it is refused as a conflict
    And the products are: A-1, B-1

  Scenario: A deleted product vanishes from lists and cannot be sold, but its history stays
    Given a product "A-1" with 3 in stock
    When "ada" deletes the product "A-1"
    Then it is accepted
    And the products are: none
    And the product "A-1" cannot be sold
    And the ledger of "A-1" still has 1 movement

  Scenario: An inactive product cannot be sold
    Given a product "A-1" with 3 in stock
    When "sam" changes the product "A-1" with:
      | is_active | no |
    Then the product "A-1" cannot be sold
    And the products are: A-1

  Scenario: Staff may not delete products
    Given a product "A-1"
    When "sam" deletes the product "A-1"
    Then it is refused as admin-only
    And the products are: A-1

  Scenario: Looking up a product that does not exist
    When "sam" looks up product number 999
    Then it is refused as not found
