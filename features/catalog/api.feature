Feature: The catalog over the HTTP API
  Integrations manage the catalogue through /api/v1. A product's stock is
  its initial stock when created, and afterwards changes only through stock
  movements: a PATCH naming stock is refused (422). Refusals are problem
  documents.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"
    And a manager "mia" with the password "mia-password-1"

  Scenario: Creating a product through the API
    When "mia" posts to the API "/products":
      """
      {"sku": "usb-c-1m", "name": "USB-C cable", "price": "9.90", "stock": 5}
      """
    Then the API answers 201
    And the answer has "sku" "USB-C-1M" and "stock" 5
    And "sam" can read the new product back at the address in the Location header

  Scenario: Prices and the catalogue are a manager's: staff may not create or change a product
    Given a product "A-1" with 5 in stock
    When "sam" posts to the API "/products":
      """
      {"sku": "usb-c-2m", "name": "USB-C cable 2 m", "price": "12.90"}
      """
    Then the API answers 403 with a problem document
    When "sam" patches the product "A-1" through the API with {"price": "0.01"}
    Then the API answers 403 with a problem document

  Scenario: A price with three decimals is refused, not rounded
    When "mia" posts to the API "/products":
      """
      {"sku": "A-1", "name": "Thing", "price": "9.999"}
      """
    Then the API answers 422 naming the field "price"

  Scenario: PATCH cannot change stock
    Given a product "A-1" with 5 in stock
    When "mia" patches the product "A-1" through the API with {"stock": 50}
    Then the API answers 422 naming the field "stock"
    And the product "A-1" has 5 in stock

  Scenario: Staff receive goods through the API, and may not adjust
    Given a product "A-1" with 5 in stock
    When "sam" posts to the product "A-1"'s stock movements {"type": "purchase", "quantity": 3}
    Then the API answers 201
    When "sam" posts to the product "A-1"'s stock movements {"type": "adjustment", "quantity": -1, "reason": "broken"}
    Then the API answers 403 with a problem document
    And the product "A-1" has 8 in stock

  Scenario: Stock below zero through the API
    Given a product "A-1" with 5 in stock
    When "ada" posts to the product "A-1"'s stock movements {"type": "adjustment", "quantity": -6, "reason": "count"}
    Then the API answers 409 with a problem document

  Scenario: A category in use cannot be deleted through the API
    Given a category "Cables"
    And a product "A-1" in the category "Cables"
    When "ada" deletes the category "Cables" through the API
    Then the API answers 409 with a problem document

  Scenario: A bad import through the API lists the bad lines
    When "ada" posts the CSV to the API:
      """
      sku,name,price
      A-1,Thing,1.00
      A 2,Other,x
      """
    Then the API answers 422 naming the field "line 3, sku"
    And the products are: none

  Scenario: The export through the API
    Given a product "A-1" with 5 in stock
    When "sam" asks the API for "/products/export.csv"
    Then the API answers 200
    And the answer is CSV whose first line names the columns
