Feature: Finding products
  Staff find products by any part of the SKU, the barcode or the name, in
  any letter case; by category; and the ones low on stock (stock at or below
  the minimum). Lists come a page at a time.

  Background:
    Given a staff member "sam"
    And a category "Cables"
    And a category "Phones"
    And these products:
      | sku      | name                 | barcode       | category | stock | min_stock |
      | USB-C-1M | USB-C cable 1 m      | 4006381333931 | Cables   | 25    | 5         |
      | USB-C-2M | USB-C cable 2 m      | 4006381333948 | Cables   | 5     | 5         |
      | LTN-1M   | Lightning cable 1 m  |               | Cables   | 2     | 5         |
      | PH-A15   | Galaxy A15 phone     | 8806095467306 | Phones   | 7     | 2         |
      | PH-IP15  | iPhone 15            |               | Phones   | 0     | 0         |

  Scenario Outline: Searching by SKU, barcode or name
    When "sam" searches the products for "<text>"
    Then the products found are: <found>

    Examples:
      | text      | found                     |
      | usb-c     | USB-C-1M, USB-C-2M        |
      | CABLE     | LTN-1M, USB-C-1M, USB-C-2M |
      | 4006381   | USB-C-1M, USB-C-2M        |
      | 5467306   | PH-A15                    |
      | iphone    | PH-IP15                   |
      | 100%      | none                      |
      | C_1       | none                      |
      | nothing   | none                      |

  Scenario: Products of one category
    When "sam" lists the products in the category "Phones"
    Then the products found are: PH-A15, PH-IP15

  Scenario: Products low on stock are those at or below their minimum
    When "sam" lists the products low on stock
    Then the products found are: LTN-1M, PH-IP15, USB-C-2M

  Scenario: Filters combine
    When "sam" searches the products for "cable" low on stock in the category "Cables"
    Then the products found are: LTN-1M, USB-C-2M

  Scenario: A page at a time
    When "sam" lists the products 2 at a time, from the 3rd
    Then the products found are: PH-IP15, USB-C-1M
    And 5 products match in all
