Feature: Tax rates
  The store's tax rates are named percents (0 to 100, at most three decimals), unique by name whatever its
  letter case. Exactly one is the default at every instant: a store starts with "Sales tax" at 0% as its
  default, and making another rate the default moves it there in one step. The default stays active, and stops
  being the default only when another rate becomes it. A rate that products or categories still have is
  deactivated, not deleted: it can no longer be chosen, and what has it keeps it. Only admins manage rates;
  anyone signed in reads them.

  Background:
    Given an admin "ada"
    And a staff member "sam"

  Scenario: A store starts with one default rate, at 0%
    Then the tax rates are:
      | name      | percent | default | active |
      | Sales tax | 0.000   | yes     | yes    |

  Scenario: An admin adds a rate; the percent is kept with three decimals
    When "ada" adds the tax rate "Reduced" at 6.5%
    Then it is accepted
    And the tax rates are:
      | name      | percent | default | active |
      | Reduced   | 6.500   | no      | yes    |
      | Sales tax | 0.000   | yes     | yes    |

  Scenario: A new rate made the default takes the default over
    When "ada" adds the tax rate "Standard" at 8.25% as the default
    Then it is accepted
    And the default tax rate is "Standard"
    And exactly one tax rate is the default

  Scenario: Making an existing rate the default moves the default
    Given the tax rate "Standard" at 8.25%
    When "ada" makes the tax rate "Standard" the default
    Then it is accepted
    And the tax rates are:
      | name      | percent | default | active |
      | Sales tax | 0.000   | no      | yes    |
      | Standard  | 8.250   | yes     | yes    |

  Scenario: The default does not stop being the default by itself
    When "ada" makes the tax rate "Sales tax" no longer the default
    Then it is refused as a conflict
    And the refusal says "make another rate the default first"
    And the default tax rate is "Sales tax"

  Scenario: The default cannot be deactivated
    When "ada" deactivates the tax rate "Sales tax"
    Then it is refused as a conflict
    And the refusal says "make another rate the default first"
    And the tax rate "Sales tax" is active

  Scenario: The default cannot be deleted
    When "ada" deletes the tax rate "Sales tax"
    Then it is refused as a conflict
    And the refusal says "make another rate the default first"

  Scenario: An inactive rate cannot become the default
    Given the tax rate "Old" at 5%
    And "ada" has deactivated the tax rate "Old"
    When "ada" makes the tax rate "Old" the default
    Then it is refused as a conflict
    And the default tax rate is "Sales tax"

  Scenario: A rate nothing names is deleted
    Given the tax rate "Unused" at 3%
    When "ada" deletes the tax rate "Unused"
    Then it is accepted
    And the tax rate names are: Sales tax

  Scenario Outline: A rate a <thing> has is deactivated instead of deleted
    Given the tax rate "Reduced" at 6%
    And a category "Books"
    And <stage>
    When "ada" deletes the tax rate "Reduced"
    Then it is refused as a conflict
    And the refusal says "deactivate it instead"
    When "ada" deactivates the tax rate "Reduced"
    Then it is accepted
    And the tax rate "Reduced" is inactive

    Examples:
      | thing    | stage                                                         |
      | product  | a product "BOOK-1" in the category "Books" taxed at "Reduced" |
      | category | the category "Books" is taxed at "Reduced"                    |

  Scenario: Once the products that had it are deleted, the rate can be deleted
    Given the tax rate "Reduced" at 6%
    And a product "BOOK-1" taxed at "Reduced"
    And "ada" has deleted the product "BOOK-1"
    When "ada" deletes the tax rate "Reduced"
    Then it is accepted

  Scenario Outline: A rate's name is taken whatever its letter case
    Given the tax rate "Reduced" at 6%
    When "ada" adds the tax rate "<name>" at 7%
    Then it is refused as a conflict
    And the tax rate names are: Reduced, Sales tax

    Examples:
      | name        |
      | Reduced     |
      | REDUCED     |
      | reduced     |
      | Sales  Tax  |

  Scenario: Renaming a rate to a name already taken
    Given the tax rate "Reduced" at 6%
    When "ada" renames the tax rate "Reduced" to "sales tax"
    Then it is refused as a conflict

  Scenario Outline: A percent must be 0 to 100 with at most three decimals
    When "ada" adds the tax rate "Odd" at <percent>%
    Then it is refused as invalid input for "percent"
    And the tax rate names are: Sales tax

    Examples:
      | percent |
      | 100.001 |
      | -1      |
      | 8.2501  |

  Scenario: A rate needs a name
    When "ada" adds the tax rate "   " at 5%
    Then it is refused as invalid input for "name"

  Scenario: Staff read the rates but may not change them
    Given the tax rate "Reduced" at 6%
    When "sam" lists the tax rates
    Then it is accepted
    When "sam" adds the tax rate "Mine" at 1%
    Then it is refused as admin-only
    When "sam" makes the tax rate "Reduced" the default
    Then it is refused as admin-only
    When "sam" deactivates the tax rate "Reduced"
    Then it is refused as admin-only
    When "sam" deletes the tax rate "Reduced"
    Then it is refused as admin-only
    And the tax rate names are: Reduced, Sales tax
    And the default tax rate is "Sales tax"

  Scenario: Through the API, a percent is text with three decimals and a bad one names the field
    When "ada" posts to the API "/tax-rates":
      """
      {"name": "Standard", "percent": "8.25", "is_default": true}
      """
    Then the API answers 201
    And the API's answer is the rate "Standard" at "8.250", the default
    When "ada" posts to the API "/tax-rates":
      """
      {"name": "Odd", "percent": "8.2501"}
      """
    Then the API answers 422 naming the field "percent"
    When "sam" posts to the API "/tax-rates":
      """
      {"name": "Mine", "percent": "1"}
      """
    Then the API answers 403 with a problem document
