Feature: Customers
  Staff register customers, find them and change their details; managers and admins delete them.
  A customer has a name and at least one of an email or a phone number. No two
  customers share an email (whatever its letter case) or a phone number (once
  written as digits with an optional leading +), among customers not deleted.
  Deleting is a soft delete, refused while the customer owes or is owed money
  or has a repair open.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a manager "mia"

  Scenario: Staff register a customer with an email and a phone number
    When "sam" registers the customer "Ana Silva" with the email "ana@example.com" and the phone "+351 912 345 678"
    Then it is accepted
    And the customers are:
      | name      | email           | phone            | balance |
      | Ana Silva | ana@example.com | +351 912 345 678 | 0.00    |

  Scenario Outline: An email or a phone number is enough
    When "sam" registers the customer "Ana Silva" with the email "<email>" and the phone "<phone>"
    Then it is accepted

    Examples:
      | email           | phone       |
      | ana@example.com |             |
      |                 | 912 345 678 |

  Scenario Outline: Bad details are refused, naming the field, and nothing is stored
    When "sam" registers the customer "<name>" with the email "<email>" and the phone "<phone>"
    Then it is refused as invalid input for "<field>"
    And there are no customers

    Examples:
      | name      | email           | phone       | field |
      |           | ana@example.com |             | name  |
      | Ana Silva |                 |             | email |
      | Ana Silva |                 |             | phone |
      | Ana Silva | not-an-email    |             | email |
      | Ana Silva |                 | call me     | phone |
      | Ana Silva |                 | 12345       | phone |

  Scenario: A tax id is kept for the invoices, changed or cleared; a malformed one is refused
    When "sam" registers the customer "Ana Silva" with the phone "912345678" and the tax id " PT 123 456 789 "
    Then it is accepted
    And the tax id of "Ana Silva" is "PT 123 456 789"
    When "sam" changes the tax_id of "Ana Silva" to "PT-987/654"
    Then the tax id of "Ana Silva" is "PT-987/654"
    When "sam" changes the tax_id of "Ana Silva" to ""
    Then the tax id of "Ana Silva" is ""
    When "sam" registers the customer "Bruno Costa" with the phone "913000000" and the tax id "<b>123</b>"
    Then it is refused as invalid input for "tax_id"

  Scenario: A credit limit cannot be negative
    When "ada" registers the customer "Ana Silva" with the phone "912345678" and a credit limit of -1.00
    Then it is refused as invalid input for "credit_limit"
    And there are no customers

  Scenario Outline: An email is taken whatever its letter case
    Given the customer "Ana Silva" with the email "ana@example.com"
    When "sam" registers the customer "Ana Costa" with the email "<email>" and the phone ""
    Then it is refused as a conflict about "email"
    And the customers are:
      | name      | email           | phone | balance |
      | Ana Silva | ana@example.com |       | 0.00    |

    Examples:
      | email            |
      | ana@example.com  |
      | ANA@Example.COM  |

  Scenario Outline: A phone number is taken however it is written
    Given the customer "Ana Silva" with the phone "+351 912 345 678"
    When "sam" registers the customer "Ana Costa" with the email "" and the phone "<phone>"
    Then it is refused as a conflict about "phone"

    Examples:
      | phone             |
      | +351912345678     |
      | +351 (912) 345-678 |

  Scenario: A deleted customer's email and phone are free again
    Given the customer "Ana Silva" with the email "ana@example.com"
    And "mia" has deleted the customer "Ana Silva"
    When "sam" registers the customer "Ana Costa" with the email "ANA@example.com" and the phone ""
    Then it is accepted

  Scenario: Changing a customer's details
    Given the customer "Ana Silva" with the email "ana@example.com"
    When "sam" changes the phone of "Ana Silva" to "912 000 111"
    Then it is accepted
    And the customers are:
      | name      | email           | phone       | balance |
      | Ana Silva | ana@example.com | 912 000 111 | 0.00    |

  Scenario: A change to a taken email is refused and changes nothing
    Given the customer "Ana Silva" with the email "ana@example.com"
    And the customer "Bruno Lima" with the email "bruno@example.com"
    When "sam" changes the email of "Bruno Lima" to "Ana@Example.com"
    Then it is refused as a conflict about "email"
    And the email of "Bruno Lima" is still "bruno@example.com"

  Scenario: A change may not leave a customer without both email and phone
    Given the customer "Ana Silva" with the email "ana@example.com"
    When "sam" changes the email of "Ana Silva" to ""
    Then it is refused as a conflict about "email"
    And the email of "Ana Silva" is still "ana@example.com"

  Scenario: Searching by any part of the name, email or phone, in any letter case
    Given the customer "Ana Silva" with the email "ana@example.com"
    And the customer "Bruno Lima" with the phone "+351 913 222 333"
    And the customer "Carla Sousa" with the email "carla@sousa.pt"
    When "sam" searches the customers for "<query>"
    Then the customers found are "<found>"

    Examples:
      | query     | found                  |
      | silva     | Ana Silva              |
      | SOUSA     | Carla Sousa            |
      | example   | Ana Silva              |
      | 913222    | Bruno Lima             |
      | 222 333   | Bruno Lima             |
      | a         | Ana Silva, Bruno Lima, Carla Sousa |
      | zzz       |                        |
      | %         |                        |

  Scenario: Deleted customers vanish from search and cannot be looked up
    Given the customer "Ana Silva" with the email "ana@example.com"
    And the customer "Bruno Lima" with the email "bruno@example.com"
    When "mia" deletes the customer "Ana Silva"
    Then it is accepted
    When "sam" searches the customers for ""
    Then the customers found are "Bruno Lima"
    When "sam" looks up the customer "Ana Silva"
    Then it is refused as not found

  Scenario Outline: A customer who owes or is owed money cannot be deleted
    Given the customer "Ana Silva" with the email "ana@example.com"
    And "ada" has adjusted the balance of "Ana Silva" by <amount> because "opening balance"
    When "mia" deletes the customer "Ana Silva"
    Then it is refused as a conflict
    And the customers are:
      | name      | email           | phone | balance  |
      | Ana Silva | ana@example.com |       | <amount> |

    Examples:
      | amount |
      | 10.00  |
      | -0.01  |

  Scenario: A customer with a repair open cannot be deleted
    Given the customer "Ana Silva" with the email "ana@example.com"
    And "Ana Silva" has a repair open
    When "mia" deletes the customer "Ana Silva"
    Then it is refused as a conflict
    And the customers found by "ada" are "Ana Silva"

  Scenario: Staff may not delete a customer
    Given the customer "Ana Silva" with the email "ana@example.com"
    When "sam" deletes the customer "Ana Silva"
    Then it is refused as forbidden
    And the customers found by "ada" are "Ana Silva"

  Scenario: Deleting a customer who does not exist
    When "mia" deletes customer number 999
    Then it is refused as not found

  Scenario: A new customer's credit limit is the store's default when none is given
    A store as shipped sells nothing on account to a new customer until someone sets a limit.
    Given the store's default credit limit is 0.00
    When "sam" registers the customer "Ana Silva" with the phone "912345678" and no credit limit given
    Then it is accepted
    And the credit limit of "Ana Silva" is 0.00

  Scenario: A store whose default is empty gives new customers no limit
    Given the store's default credit limit is empty
    When "sam" registers the customer "Ana Silva" with the phone "912345678" and no credit limit given
    Then it is accepted
    And the credit limit of "Ana Silva" is none

  Scenario: A credit limit given wins over the default
    Given the store's default credit limit is 0.00
    When "ada" registers the customer "Ana Silva" with the phone "912345678" and a credit limit of 150.00
    Then it is accepted
    And the credit limit of "Ana Silva" is 150.00

  Scenario: Only a manager or an admin sets a credit limit other than the store's default
    How much a customer may owe on account is the owner's decision, not the counter's.
    Given the store's default credit limit is 0.00
    When "sam" registers the customer "Ana Silva" with the phone "912345678" and a credit limit of 150.00
    Then it is refused as forbidden
    And there are no customers
    When "sam" registers the customer "Ana Silva" with the phone "912345678" and a credit limit of 0.00
    Then it is accepted
    When "mia" sets the credit limit of "Ana Silva" to 150.00
    Then it is accepted
    And the credit limit of "Ana Silva" is 150.00

  Scenario: Staff edit a customer's details but not their credit limit
    Given the customer "Ana Silva" with the email "ana@example.com"
    And "Ana Silva" has a credit limit of 50.00
    When "sam" sets the credit limit of "Ana Silva" to 500.00
    Then it is refused as forbidden
    And the credit limit of "Ana Silva" is 50.00
    When "sam" changes the notes of "Ana Silva" to "Prefers email"
    Then it is accepted
    And the credit limit of "Ana Silva" is 50.00
    When "ada" sets the credit limit of "Ana Silva" to 500.00
    Then it is accepted
    And the credit limit of "Ana Silva" is 500.00

  Scenario Outline: Through the API, a credit limit not sent is the default and one sent as null is none
    Given the store's default credit limit is 50.00
    When "ada" registers the customer "Ana Silva" through the API with <body>
    Then the API answers 201
    And the credit limit of "Ana Silva" is <limit>

    Examples:
      | body                                                          | limit  |
      | {"name": "Ana Silva", "phone": "912345678"}                   | 50.00  |
      | {"name": "Ana Silva", "phone": "912345678", "credit_limit": null}  | none   |
      | {"name": "Ana Silva", "phone": "912345678", "credit_limit": "20.00"} | 20.00 |

  Scenario Outline: Through the API, staff register customers at the store's default limit only
    Given the store's default credit limit is 50.00
    When "sam" registers the customer "Ana Silva" through the API with <body>
    Then the API answers <status>

    Examples:
      | body                                                                 | status |
      | {"name": "Ana Silva", "phone": "912345678"}                          | 201    |
      | {"name": "Ana Silva", "phone": "912345678", "credit_limit": "50.00"} | 201    |
      | {"name": "Ana Silva", "phone": "912345678", "credit_limit": null}    | 403    |
      | {"name": "Ana Silva", "phone": "912345678", "credit_limit": "20.00"} | 403    |
