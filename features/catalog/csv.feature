Feature: The catalogue in and out as CSV
  The catalogue exports as CSV, and imports from CSV all or nothing: every
  row is checked first, and one bad row means nothing is imported and every
  bad row is named by its line number and column. A new SKU creates a
  product (its stock an initial movement); a known SKU updates that product,
  and a different stock becomes an adjustment movement, never a silent
  change. Files may be UTF-8 with or without a byte-order mark, separated by
  commas or semicolons. Only admins import.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a category "Cables"
    And a product "USB-C-1M" with 5 in stock

  Scenario: An import creates new products and updates known ones
    When "ada" imports the CSV:
      """
      sku,name,price,stock,category
      usb-c-1m,USB-C cable 1 m,11.50,8,Cables
      HDMI-2M,HDMI cable 2 m,14.90,12,cables
      """
    Then it is accepted
    And the import created 1 and updated 1 products
    And the products are: HDMI-2M, USB-C-1M
    And the product "USB-C-1M" has 8 in stock
    And the product "USB-C-1M" is named "USB-C cable 1 m" and priced 11.50
    And the newest movement of "USB-C-1M" is an adjustment of 3 because "CSV import"
    And the product "HDMI-2M" has 12 in stock
    And every product's stock is the sum of its movements

  Scenario: One bad row and nothing is imported; every bad row is named
    When "ada" imports the CSV:
      """
      sku,name,price,stock
      NEW-1,Fine product,5.00,1
      bad sku,,1.234,-1
      NEW-2,Fine too,abc,2
      NEW-1,Repeated,5.00,1
      """
    Then it is refused as invalid input for "line 3, sku"
    And the import refusal names:
      | line | column |
      | 3    | sku    |
      | 3    | name   |
      | 3    | price  |
      | 3    | stock  |
      | 4    | price  |
      | 5    | sku    |
    And the products are: USB-C-1M
    And the product "USB-C-1M" has 5 in stock

  Scenario: A row with more or fewer cells than the header is refused, not shifted
    A decimal comma in a comma-separated file splits a price in two: the row
    is refused by its cell count alone, since its columns cannot be told
    apart (checking them would blame the wrong column).
    When "ada" imports the CSV:
      """
      sku,barcode,name,description,category,price,cost,stock,min_stock,is_active
      NEW-1,,Phone case,,Cables,59,99,41,4,1,yes
      NEW-2,,Fine product,,Cables,5.00,2.00,1,0,yes
      NEW-3,,Short row,,Cables,5.00
      """
    Then it is refused as invalid input for "line 2"
    And the import refusal names:
      | line | column |
      | 2    |        |
      | 4    |        |
    And the import refusal says "line 2" has 11 cells against the header's 10
    And the import refusal says "line 4" has 6 cells against the header's 10
    And the refusal says "2 bad rows; nothing was imported."
    And the products are: USB-C-1M

  Scenario: A barcode with a wrong check digit is refused by line and column
    When "ada" imports the CSV:
      """
      sku,name,price,barcode
      NEW-1,Phone case,5.00,4006381333932
      NEW-2,Cable,5.00,4006381333931
      """
    Then it is refused as invalid input for "line 2, barcode"
    And the refusal says "1 bad row; nothing was imported."
    And the products are: USB-C-1M

  Scenario: The store's own text codes are imported upper-case
    When "ada" imports the CSV:
      """
      sku,name,price,barcode
      NEW-1,Phone case,5.00,ts-000123
      NEW-2,Cable,5.00,4006381333931
      usb-c-1m,USB-C cable 1 m,5.00,shelf 4/b
      """
    Then it is accepted
    And the import created 2 and updated 1 products
    And the product "NEW-1" has the barcode "TS-000123"
    And the product "NEW-2" has the barcode "4006381333931"
    And the product "USB-C-1M" has the barcode "SHELF 4/B"

  Scenario: A bad text code, or one twice in any letter case, is refused by line and column
    When "ada" imports the CSV:
      """
      sku,name,price,barcode
      NEW-1,Phone case,5.00,TS#000123
      NEW-2,Cable,5.00,ts-1
      NEW-3,Charger,5.00,TS-1
      NEW-4,Stand,5.00,ABCDEFGHIJ-ABCDEFGHIJ-ABCDEFGHIJ-ABCDEFG1
      """
    Then it is refused as invalid input for "line 2, barcode"
    And the import refusal names:
      | line | column  |
      | 2    | barcode |
      | 4    | barcode |
      | 5    | barcode |
    And the products are: USB-C-1M

  Scenario: A serialized product's stock is not imported: its units come in only with their serials
    An import names no serials, so it never moves a serialized product's stock (stock without its units);
    the rest of the row is imported, and the stock as it stands is no change.
    Given a phone "PHONE" by IMEI with 12 months of warranty and the units 350000111111114
    And a laptop "TAB" by serial with 24 months of warranty and no stock
    When "ada" imports the CSV:
      """
      sku,name,price,stock
      PHONE,Phone X,500.00,3
      TAB,Tablet,300.00,2
      NEW-1,Phone case,5.00,4
      """
    Then it is refused as invalid input for "line 2, stock"
    And the import refusal names:
      | line | column |
      | 2    | stock  |
      | 3    | stock  |
    And the refusal says "2 bad rows; nothing was imported."
    And the product "PHONE" has 1 in stock
    And the product "TAB" has 0 in stock
    And every serialized product's stock is its units in stock
    When "ada" imports the CSV:
      """
      sku,name,price,stock
      PHONE,Phone X renamed,520.00,1
      TAB,Tablet,300.00,0
      """
    Then it is accepted
    And the product "PHONE" has 1 in stock
    And "PHONE" has the units in stock 350000111111114
    And every serialized product's stock is its units in stock
    And every product's stock is the sum of its movements

  Scenario: Semicolons, a byte-order mark and decimal commas, as spreadsheets write them
    When "ada" imports the CSV with a byte-order mark:
      """
      sku;name;price;cost
      NEW-1;Screen protector;7,90;2,10
      """
    Then it is accepted
    And the product "NEW-1" is named "Screen protector" and priced 7.90

  Scenario: An import does not create categories
    When "ada" imports the CSV:
      """
      sku,name,price,category
      NEW-1,Phone case,12.00,Cases
      """
    Then it is refused as invalid input for "line 2, category"
    And the categories are: Cables

  Scenario: A file that is not UTF-8 is refused
    When "ada" imports a file in Latin-1
    Then it is refused as invalid input for "file"

  Scenario: A file without the required columns is refused
    When "ada" imports the CSV:
      """
      sku,title
      NEW-1,Phone case
      """
    Then it is refused as invalid input for "line 1"

  Scenario: Staff may not import
    When "sam" imports the CSV:
      """
      sku,name,price
      NEW-1,Phone case,12.00
      """
    Then it is refused as admin-only
    And the products are: USB-C-1M

  Scenario: An exported catalogue imports back unchanged
    Given a product "A-2" named "=SUM(1+1)" in the category "Cables"
    When "sam" exports the catalogue
    And "ada" imports the export
    Then it is accepted
    And the import created 0 and updated 0 products
    And every product's stock is the sum of its movements
