Feature: Categories
  Products are sorted into categories. A category has a name, unique
  whatever its letter case, and a description. Staff create and rename
  categories; only admins delete them, and a category that products still
  use cannot be deleted.

  Background:
    Given an admin "ada"
    And a staff member "sam"

  Scenario: Staff create a category
    When "sam" creates the category "Phones"
    Then it is accepted
    And the categories are: Phones

  Scenario Outline: A category name is taken whatever its letter case
    Given a category "Phones"
    When "sam" creates the category "<name>"
    Then it is refused as a conflict
    And the categories are: Phones

    Examples:
      | name     |
      | Phones   |
      | PHONES   |
      | phones   |

  Scenario: A category needs a name
    When "sam" creates the category "   "
    Then it is refused as invalid input for "name"
    And the categories are: none

  Scenario: Renaming a category
    Given a category "Phones"
    When "sam" renames the category "Phones" to "Mobile phones"
    Then it is accepted
    And the categories are: Mobile phones

  Scenario: Renaming a category to a name already taken
    Given a category "Phones"
    And a category "Cables"
    When "sam" renames the category "Cables" to "phones"
    Then it is refused as a conflict
    And the categories are: Cables, Phones

  Scenario: An admin deletes an empty category, whose name is then free again
    Given a category "Phones"
    When "ada" deletes the category "Phones"
    Then it is accepted
    And the categories are: none
    When "sam" creates the category "Phones"
    Then it is accepted

  Scenario: A category that products use cannot be deleted
    Given a category "Phones"
    And a product "PH-1" in the category "Phones"
    When "ada" deletes the category "Phones"
    Then it is refused as a conflict
    And the categories are: Phones

  Scenario: Once its products are deleted, a category can be deleted
    Given a category "Phones"
    And a product "PH-1" in the category "Phones"
    And "ada" has deleted the product "PH-1"
    When "ada" deletes the category "Phones"
    Then it is accepted

  Scenario: Staff may not delete categories
    Given a category "Phones"
    When "sam" deletes the category "Phones"
    Then it is refused as admin-only
    And the categories are: Phones
