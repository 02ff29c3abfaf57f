Feature: Staying signed in, and signing out
  An access token lasts 15 minutes; before it runs out, the device trades its
  refresh token (good for 14 days) for a fresh pair. Every trade retires the
  refresh token used. A retired refresh token presented again means someone
  copied it: every token of that session stops working, the newest one too.

  Background:
    Given an admin "ada" with the password "ada-password-1"
    And a staff member "sam" with the password "sam-password-1"
    And "sam" has signed in on the till

  Scenario: Refreshing gives a new pair and retires the old refresh token
    When the till refreshes its session
    Then it is accepted
    And the till is signed in as "sam"
    And the till's previous refresh token no longer works

  Scenario: A refresh token used twice ends the whole session
    When the till refreshes its session
    And someone presents the till's previous refresh token again
    Then it is refused as an ended session
    And the till's refresh token no longer works

  Scenario: A copied refresh token ends only the session it was copied from
    Given "sam" has signed in on the workshop laptop
    When the till refreshes its session
    And someone presents the till's previous refresh token again
    Then the workshop laptop can still refresh its session

  Scenario: An access token stops working after 15 minutes
    When 14 minutes pass
    Then the till is signed in as "sam"
    When 2 minutes pass
    Then the till's access token is no longer accepted

  Scenario: A refreshed session gets a fresh access token
    When 14 minutes pass
    And the till refreshes its session
    And 14 minutes pass
    Then the till is signed in as "sam"

  Scenario: A refresh token still works after 13 days
    When 13 days pass
    Then the till can still refresh its session

  Scenario: A refresh token left unused for 14 days has expired
    When 14 days pass
    Then the till's refresh token no longer works

  Scenario: A session used every few days keeps going
    When 10 days pass
    And the till refreshes its session
    And 10 days pass
    Then the till can still refresh its session

  Scenario: Signing out ends the session
    When the till signs out
    Then it is accepted
    And the till's refresh token no longer works

  Scenario: Signing out on one device leaves the others signed in
    Given "sam" has signed in on the workshop laptop
    When the till signs out
    Then the workshop laptop can still refresh its session

  Scenario: Signing out with a token the store never gave changes nothing
    When someone signs out with a made-up refresh token
    Then it is accepted
    And the till can still refresh its session
