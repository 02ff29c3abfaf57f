Feature: Public tracking
  Anyone with the tracking code sees the number, equipment, status, promised date and last update;
  never the customer's details or the price. Unknown codes are not found. Lookups are rate limited.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the customer "Ana Silva" with the email "ana@example.com"
    And "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair has the price 120.00

  Scenario: The tracking code shows the repair without personal data
    When someone looks the repair up by its tracking code
    Then it is accepted
    And the public answer shows R-000001, "iPhone 12" and "received" only

  Scenario: An unknown code is not found
    When someone looks up the tracking code "not-a-real-code-at-all"
    Then it is refused as not found

  Scenario: Too many lookups from one address are refused for a while
    Given someone has looked up 30 unknown codes
    When someone looks the repair up by its tracking code
    Then it is refused as too many attempts
    Given 1 minute passes
    When someone looks the repair up by its tracking code
    Then it is accepted
