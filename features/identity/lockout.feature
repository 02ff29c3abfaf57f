Feature: Stopping password guessing
  After 5 failed sign-ins for one username from one address within 15
  minutes, every further attempt for that username from that address is
  refused as too many attempts, even with the right password, until the
  window has passed; after 50 for the username from any addresses, every
  attempt for it is. So a guesser at one address cannot lock the owner out
  at the counter, and a distributed one still gets few guesses. The answer
  says how long to wait (over HTTP: 429 with a Retry-After header).
  Unless a scenario says otherwise, every attempt comes from the shop floor.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"

  Scenario: Five failures in a row lock the username, even for the right password
    Given someone has tried 5 wrong passwords for "sam" in a row
    When "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts
    And the answer says to try again in about 15 minutes

  Scenario: Four failures do not lock
    Given someone has tried 4 wrong passwords for "sam" in a row
    When "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: Still locked just before the window passes
    Given someone has tried 5 wrong passwords for "sam" in a row
    When 14 minutes pass
    And "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts
    And the answer says to try again in about 1 minute

  Scenario: The right password works again once the window has passed
    Given someone has tried 5 wrong passwords for "sam" in a row
    When 16 minutes pass
    And "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: The wait counts from the oldest of the five failures
    Given someone has tried 5 wrong passwords for "sam", one every 2 minutes
    When "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts
    And the answer says to try again in about 7 minutes
    When 7 minutes pass
    And "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: Failures spread over more than 15 minutes do not lock
    Given someone has tried 5 wrong passwords for "sam", one every 4 minutes
    When "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: Attempts refused while locked do not make the wait longer
    Given someone has tried 5 wrong passwords for "sam" in a row
    When 10 minutes pass
    And someone tries 5 more wrong passwords for "sam" while it is locked
    And 6 minutes pass
    And "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: The lock holds whatever the letter case of the username
    Given someone has tried 5 wrong passwords for "SAM" in a row
    When "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts

  Scenario: The lock is for one username only
    Given someone has tried 5 wrong passwords for "sam" in a row
    When "ada" signs in with the password "ada-password-1"
    Then "ada" is signed in

  Scenario: Guessing at a username that does not exist is limited the same way
    Given someone has tried 5 wrong passwords for "nobody" in a row
    When "nobody" signs in with the password "sam-password-1"
    Then it is refused as too many attempts

  # The store's choice where the rule is silent: a good sign-in forgives the mistakes before it.
  Scenario: A successful sign-in starts the count again
    Given someone has tried 4 wrong passwords for "sam" in a row
    And 1 minute passes
    And "sam" has signed in on the till
    When 1 minute passes
    And someone has tried 4 wrong passwords for "sam" in a row
    And "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: Failures right after a success count, even within the same second
    Given "sam" has signed in on the till
    And someone has tried 5 wrong passwords for "sam" in a row
    When "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts

  Scenario: A guesser at another address does not lock the owner out
    Given someone at "203.0.113.9" has tried 5 wrong passwords for "sam" in a row
    When "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: The guesser's address stays locked, even after the owner signs in elsewhere
    Given someone at "203.0.113.9" has tried 5 wrong passwords for "sam" in a row
    And "sam" has signed in on the till
    When someone at "203.0.113.9" signs in as "sam" with the password "sam-password-1"
    Then it is refused as too many attempts

  Scenario: Fifty failures from many addresses lock the username everywhere
    Given someone has tried 50 wrong passwords for "sam" from many addresses
    When "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts
    And the answer says to try again in about 15 minutes
    When "ada" signs in with the password "ada-password-1"
    Then "ada" is signed in

  Scenario: Forty-nine failures from many addresses do not
    Given someone has tried 49 wrong passwords for "sam" from many addresses
    When "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  # The store's choice where the rule is silent: the owner's good sign-in forgives a distributed guesser nothing.
  Scenario: The owner signing in does not start the count from many addresses again
    Given someone has tried 49 wrong passwords for "sam" from many addresses
    And "sam" has signed in on the till
    And someone at "192.0.2.1" has tried 1 wrong passwords for "sam" in a row
    When "sam" signs in with the password "sam-password-1"
    Then it is refused as too many attempts
