Feature: Signing in on the store's web pages
  Staff use the store from a browser. The session lives in cookies that
  scripts cannot read (HttpOnly, SameSite=Lax), every form that changes
  something carries a CSRF token, and anonymous visitors are sent to sign in.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"

  Scenario: Signing in on the login page
    When "sam" signs in on the login page with the password "sam-password-1"
    Then the browser is sent to "/"
    And the session is kept in HttpOnly, SameSite=Lax cookies

  Scenario: A wrong password on the login page
    When "sam" signs in on the login page with the password "sam-password-2"
    Then the page answers 401
    And no session was started

  Scenario: Too many failed sign-ins on the login page
    Given the login page has refused 5 wrong passwords for "sam"
    When "sam" signs in on the login page with the password "sam-password-1"
    Then the page answers 429
    And the page says to retry after about 15 minutes
    And no session was started

  Scenario: A guesser at another address does not lock a user out of the login page
    Given someone at "203.0.113.9" has had 5 wrong passwords for "sam" refused by the login page
    When "sam" signs in on the login page with the password "sam-password-1"
    Then the browser is sent to "/"

  Scenario: Fifty failed sign-ins from many addresses lock the login page for the username
    Given someone has tried 50 wrong passwords for "sam" from many addresses
    When "sam" signs in on the login page with the password "sam-password-1"
    Then the page answers 429
    And no session was started

  Scenario: A login form without its CSRF token is refused
    When "sam" sends the login form without its CSRF token
    Then the page answers 403
    And no session was started

  Scenario: A login form with a forged CSRF token is refused
    When "sam" sends the login form with a forged CSRF token
    Then the page answers 403
    And no session was started

  Scenario: Anonymous visitors are sent to sign in
    When an anonymous visitor opens "/users"
    Then the browser is sent to "/login?next=%2Fusers"

  Scenario: Staff are refused the users page
    When "sam" signs in on the login page with the password "sam-password-1"
    And the browser opens "/users"
    Then the page answers 403

  Scenario: Admins open the users page
    When "ada" signs in on the login page with the password "ada-password-1"
    And the browser opens "/users"
    Then the page answers 200
