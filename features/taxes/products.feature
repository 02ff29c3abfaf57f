Feature: The rate a product is taxed at
  A product is taxed at its own rate if it has one, else at its category's, else at the store's default. The
  rate is read with the product, as a sale reads it (``uow.stock``). A product or a category can newly be given
  only an active rate; one that has a rate since deactivated keeps it, and is still taxed at it.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the tax rate "Standard" at 8.25%
    And the tax rate "Reduced" at 6%
    And the tax rate "Exempt" at 0%
    And "ada" has made the tax rate "Standard" the default
    And a category "Books"
    And the category "Books" is taxed at "Reduced"
    And a category "Cables"

  Scenario: Its own rate, else its category's, else the default
    Given a product "GIFT-25" in the category "Books" taxed at "Exempt"
    And a product "BOOK-1" in the category "Books"
    And a product "USB-1" in the category "Cables"
    And a product "LOOSE-1"
    Then the products are taxed at:
      | sku     | rate     | percent |
      | GIFT-25 | Exempt   | 0.000   |
      | BOOK-1  | Reduced  | 6.000   |
      | USB-1   | Standard | 8.250   |
      | LOOSE-1 | Standard | 8.250   |
    And the product "BOOK-1" found by its code at the counter is taxed at "Reduced"

  Scenario: A product without a rate of its own follows the default when it moves
    Given a product "USB-1" in the category "Cables"
    When "ada" makes the tax rate "Exempt" the default
    Then the product "USB-1" is taxed at "Exempt"

  Scenario: Clearing a product's rate puts it back on its category's
    Given a product "BOOK-1" in the category "Books" taxed at "Exempt"
    When "sam" clears the tax rate of the product "BOOK-1"
    Then it is accepted
    And the product "BOOK-1" is taxed at "Reduced"

  Scenario: Clearing a category's rate puts its products back on the default
    Given a product "BOOK-1" in the category "Books"
    When "sam" clears the tax rate of the category "Books"
    Then it is accepted
    And the product "BOOK-1" is taxed at "Standard"

  Scenario: A deactivated rate cannot be given to a product or a category
    Given "ada" has deactivated the tax rate "Reduced"
    And a product "USB-1" in the category "Cables"
    When "sam" gives the product "USB-1" the tax rate "Reduced"
    Then it is refused as a conflict
    And the refusal names the field "tax_rate_id"
    When "sam" gives the category "Cables" the tax rate "Reduced"
    Then it is refused as a conflict
    When "sam" creates a product "NEW-1" taxed at "Reduced"
    Then it is refused as a conflict
    And the product "USB-1" is taxed at "Standard"

  Scenario: What already has a rate since deactivated keeps it, and is taxed at it
    Given a product "BOOK-1" in the category "Books" taxed at "Reduced"
    And a product "BOOK-2" in the category "Books"
    When "ada" deactivates the tax rate "Reduced"
    Then it is accepted
    And the product "BOOK-1" is taxed at "Reduced"
    And the product "BOOK-2" is taxed at "Reduced"
    When "sam" renames the product "BOOK-1" to "Collected poems"
    Then it is accepted
    And the product "BOOK-1" is taxed at "Reduced"

  Scenario: A rate that does not exist cannot be given
    Given a product "USB-1" in the category "Cables"
    When "sam" gives the product "USB-1" the tax rate "Nonexistent"
    Then it is refused as a conflict
