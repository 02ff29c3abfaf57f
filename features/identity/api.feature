Feature: Identity over the HTTP API
  Integrations and the future mobile apps sign in and manage users through
  the JSON API under /api/v1. Refusals are problem documents: 401 without a
  valid token or with wrong credentials, 403 for staff asking for an
  admin-only operation, 409 when a business rule refuses, 429 with a
  Retry-After header when there were too many failed sign-ins (for the
  username from the caller's address, or from anywhere).

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"

  Scenario: Signing in through the API
    When "sam" asks the API for a token with the password "sam-password-1"
    Then the API answers 200
    And the answer is a bearer token pair whose access token lasts 15 minutes
    And the API knows "sam"'s access token as "sam"

  Scenario: A wrong password through the API
    When "sam" asks the API for a token with the password "sam-password-2"
    Then the API answers 401 with a problem document

  Scenario: Too many failed sign-ins through the API
    Given the API has refused 5 wrong passwords for "sam"
    When "sam" asks the API for a token with the password "sam-password-1"
    Then the API answers 429 with a problem document
    And the answer says to retry after about 15 minutes

  Scenario: A guesser at another address does not lock a user out of the API
    Given someone at "203.0.113.9" has had 5 wrong passwords for "sam" refused by the API
    When someone at "203.0.113.9" asks the API for a token for "sam" with the password "sam-password-1"
    Then the API answers 429 with a problem document
    When "sam" asks the API for a token with the password "sam-password-1"
    Then the API answers 200

  Scenario: Fifty failed sign-ins from many addresses lock the username in the API
    Given someone has tried 50 wrong passwords for "sam" from many addresses
    When "sam" asks the API for a token with the password "sam-password-1"
    Then the API answers 429 with a problem document
    And the answer says to retry after about 15 minutes

  Scenario: A refresh token replayed through the API ends the session
    Given "sam" has signed in through the API
    When "sam" refreshes through the API
    Then the API answers 200
    And the API knows "sam"'s access token as "sam"
    When someone presents "sam"'s previous refresh token to the API again
    Then the API answers 401 with a problem document
    And the API refuses "sam"'s newest refresh token with 401

  Scenario: Signing out through the API
    Given "sam" has signed in through the API
    When "sam" signs out through the API
    Then the API answers 204
    And the API refuses "sam"'s newest refresh token with 401

  Scenario: Anonymous visitors must sign in first
    When an anonymous visitor asks the API for the users
    Then the API answers 401 with a problem document

  Scenario: Staff are refused the list of users
    When "sam" asks the API for the users
    Then the API answers 403 with a problem document

  Scenario: Admins see the list of users
    When "ada" asks the API for the users
    Then the API answers 200
    And the answer lists 2 users

  Scenario: An admin adds a staff member through the API
    When "ada" adds the staff member "tom" with the password "tom-password-1" through the API
    Then the API answers 201
    And the answer is the new user "tom"
    And "ada" can read the new user back at the address in the Location header

  Scenario: A username taken in another letter case, through the API
    When "ada" adds the staff member "SAM" with the password "other-password-1" through the API
    Then the API answers 409 with a problem document

  Scenario: A short password through the API
    When "ada" adds the staff member "tom" with the password "short" through the API
    Then the API answers 422 with a problem document

  Scenario: The last active admin cannot be demoted through the API
    When "ada" changes "ada" through the API with {"role": "staff"}
    Then the API answers 409 with a problem document

  Scenario: A deactivated user's token stops working at once
    Given "sam" has signed in through the API
    When "ada" changes "sam" through the API with {"is_active": false}
    Then the API answers 200
    And the API refuses "sam"'s access token with 401

  Scenario: Changing one's own password through the API
    When "sam" changes their password from "sam-password-1" to "sam-password-2" through the API
    Then the API answers 204
    When "sam" asks the API for a token with the password "sam-password-2"
    Then the API answers 200

  Scenario: Passwords never show in answers or logs
    Given the store's logs are being watched
    When "sam" asks the API for a token with the password "sam-password-9"
    And "ada" adds the staff member "tom" with the password "tom-password-1" through the API
    And "ada" asks the API for the users
    And "sam" changes their password from "sam-password-1" to "sam-password-2" through the API
    Then no answer and no log line shows a password or its hash
