Feature: Restoring a deleted customer
  A deleted customer vanishes from lists and search, and their account takes no new movement. An admin
  may restore them: they come back as they were, unless their email or phone now belongs to another
  customer (409 naming the field). Staff may not restore.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"
    And the customer "Ana Silva" with the email "ana@example.com"

  Scenario: An admin restores a deleted customer
    Given "mia" has deleted the customer "Ana Silva"
    When "ada" restores the customer "Ana Silva"
    Then it is accepted
    And the customers found by "sam" are "Ana Silva"
    And "sam" can look up the customer "Ana Silva"

  Scenario: Staff may not restore
    Given "mia" has deleted the customer "Ana Silva"
    When "sam" restores the customer "Ana Silva"
    Then it is refused as admin-only
    And there are no customers

  Scenario: A customer whose email was taken meanwhile is not restored
    Given "mia" has deleted the customer "Ana Silva"
    And the customer "Ana Costa" with the email "ANA@example.com"
    When "ada" restores the customer "Ana Silva"
    Then it is refused as a conflict about "email"
    And the customers found by "sam" are "Ana Costa"

  Scenario: A customer whose phone was taken meanwhile is not restored
    Given the customer "Rui Lopes" with the phone "912 345 678"
    And "mia" has deleted the customer "Rui Lopes"
    And the customer "Rita Lopes" with the phone "912345678"
    When "ada" restores the customer "Rui Lopes"
    Then it is refused as a conflict about "phone"

  Scenario: A customer who is not deleted is not restored
    When "ada" restores the customer "Ana Silva"
    Then it is refused as a conflict
    And the refusal says "not deleted"

  Scenario: An unknown customer
    When "ada" restores customer number 999
    Then it is refused as not found

  Scenario: Through the API: admins restore, staff get 403, a taken email is a 409 naming it
    Given "mia" has deleted the customer "Ana Silva"
    When "sam" restores the customer "Ana Silva" through the API
    Then the API answers 403 with a problem document
    Given the customer "Ana Costa" with the email "ana@example.com"
    When "ada" restores the customer "Ana Silva" through the API
    Then the API answers 409 with a problem document
    And the answer's detail names "email"
    Given "mia" has deleted the customer "Ana Costa"
    When "ada" restores the customer "Ana Silva" through the API
    Then the API answers 200
    And the answer is the customer "Ana Silva" with the balance "0.00"
    When "ada" restores the customer "Ana Silva" through the API
    Then the API answers 409 with a problem document
    When "ada" restores customer number 999 through the API
    Then the API answers 404 with a problem document
