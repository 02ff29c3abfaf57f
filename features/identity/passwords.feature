Feature: Passwords
  Everyone can change their own password by giving the current one. Admins
  reset other people's passwords. A new password has at least 10 characters.
  Either way the old password stops working and the user's sessions end.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"

  Scenario: A staff member changes their own password
    When "sam" changes their password from "sam-password-1" to "sam-password-2"
    Then it is accepted
    And "sam" can sign in with the password "sam-password-2"
    And "sam" cannot sign in with the password "sam-password-1"

  Scenario: An admin changes their own password the same way
    When "ada" changes their password from "ada-password-1" to "ada-password-2"
    Then it is accepted
    And "ada" can sign in with the password "ada-password-2"
    And "ada" cannot sign in with the password "ada-password-1"

  Scenario: The current password must be given correctly
    When "sam" changes their password from "not-the-password" to "sam-password-2"
    Then it is refused as invalid input for "current_password"
    And "sam" can sign in with the password "sam-password-1"
    And "sam" cannot sign in with the password "sam-password-2"

  Scenario: Guessing the current password is limited like signing in
    Given someone holding "sam"'s session has tried 5 wrong current passwords
    When they change "sam"'s password from "sam-password-1" to "sam-password-2" with that session
    Then it is refused as too many attempts
    And the answer says to try again in about 15 minutes

  Scenario: Wrong current passwords lock the account's sign-in from that address too
    Given someone holding "sam"'s session has tried 5 wrong current passwords
    When someone at "198.51.100.7" signs in as "sam" with the password "sam-password-1"
    Then it is refused as too many attempts
    When "sam" signs in with the password "sam-password-1"
    Then "sam" is signed in

  Scenario: The new password needs at least 10 characters
    When "sam" changes their password from "sam-password-1" to "too-short"
    Then it is refused as invalid input for "new_password"
    And "sam" can sign in with the password "sam-password-1"

  Scenario: Changing one's password ends the other sessions
    Given "sam" has signed in on the till
    When "sam" changes their password from "sam-password-1" to "sam-password-2"
    Then the till's refresh token no longer works
    And the till's access token is no longer accepted

  Scenario: An admin resets a staff member's password, and their sessions end
    Given "sam" has signed in on the till
    When "ada" resets "sam"'s password to "fresh-password-1"
    Then it is accepted
    And "sam" can sign in with the password "fresh-password-1"
    And "sam" cannot sign in with the password "sam-password-1"
    And the till's refresh token no longer works
    And the till's access token is no longer accepted

  Scenario: A reset password needs at least 10 characters too
    When "ada" resets "sam"'s password to "too-short"
    Then it is refused as invalid input for "password"
    And "sam" can sign in with the password "sam-password-1"

  Scenario: A reset does not touch the admin's own sessions
    Given "ada" has signed in on the office computer
    When "ada" resets "sam"'s password to "fresh-password-1"
    Then the office computer can still refresh its session
