Feature: Signing in
  Everyone who works at the store signs in with a username and a password.
  Signing in gives a short-lived access token (15 minutes) and a refresh
  token (14 days). Usernames are not case-sensitive; passwords are.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"

  Scenario: A staff member signs in with the right password
    When "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: An admin signs in the same way
    When "ada" signs in with the password "ada-password-1"
    Then "ada" is signed in

  Scenario Outline: The username may be typed in any letter case
    When "<typed>" signs in with the password "sam-password-1"
    Then "sam" is signed in

    Examples:
      | typed |
      | SAM   |
      | Sam   |

  Scenario: A wrong password is refused
    When "sam" signs in with the password "sam-password-2"
    Then it is refused as wrong credentials

  Scenario: Passwords are case-sensitive
    When "sam" signs in with the password "SAM-PASSWORD-1"
    Then it is refused as wrong credentials

  Scenario: An unknown username gets the same answer as a wrong password
    When "nobody" signs in with the password "sam-password-1"
    And "sam" signs in with the password "not-sams-password"
    Then both attempts are refused with the same message

  Scenario: The access token is a signed JWT that lasts 15 minutes
    When "sam" signs in with the password "sam-password-1"
    Then the access token is a JWT signed with HS256 or EdDSA
    And the access token is valid for 15 minutes

  Scenario: The store keeps no password, only its Argon2id hash
    Then the store keeps "sam"'s password only as an Argon2id hash
