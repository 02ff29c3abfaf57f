Feature: Deactivating and reactivating users
  When someone leaves the store an admin deactivates them. A deactivated
  user cannot sign in or refresh a session, and the tokens they already hold
  stop working at once. They stay on the list of users, as inactive.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"
    And "sam" has signed in on the till

  Scenario: A deactivated user cannot sign in
    When "ada" deactivates "sam"
    And "sam" signs in with the password "sam-password-1"
    Then it is refused as wrong credentials

  Scenario: A deactivated user gets the same answer as a wrong password
    When "ada" deactivates "sam"
    And "sam" signs in with the password "sam-password-1"
    And "ada" signs in with the password "not-adas-password"
    Then both attempts are refused with the same message

  Scenario: The access token a deactivated user holds stops working at once
    When "ada" deactivates "sam"
    Then the till's access token is no longer accepted

  Scenario: A deactivated user cannot refresh their session
    When "ada" deactivates "sam"
    Then the till's refresh token no longer works

  Scenario: A deactivated user stays on the list, as inactive
    When "ada" deactivates "sam"
    Then it is accepted
    And the users are:
      | username | full name | role  | active |
      | ada      | Ada       | admin | yes    |
      | sam      | Sam       | staff | no     |

  Scenario: A reactivated user can sign in again
    Given "ada" has deactivated "sam"
    When "ada" reactivates "sam"
    Then it is accepted
    And "sam" is an active staff member
    And "sam" can sign in with the password "sam-password-1"

  Scenario: Reactivating does not bring back the sessions that ended
    Given "ada" has deactivated "sam"
    When "ada" reactivates "sam"
    Then the till's refresh token no longer works
    And the till's access token is no longer accepted

  Scenario: A deactivated admin cannot sign in either
    Given an admin "bea" with the password "bea-password-1"
    When "ada" deactivates "bea"
    And "bea" signs in with the password "bea-password-1"
    Then it is refused as wrong credentials
