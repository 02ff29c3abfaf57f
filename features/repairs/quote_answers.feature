Feature: The customer's answer to the quote
  Staff record the answer the customer gave (approved: in_repair; declined: ready), with a note. Or the customer
  answers on the tracking page, confirming with the last four digits of the phone on file, or the email when
  there is no phone. Five wrong confirmations lock that repair's answers for 15 minutes. The history says who
  answered: a user, or the customer, through the tracking page.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the tax rate "Services" at 8.25%
    And the customer "Ana Silva" with the phone "+351 912 345 678"
    And "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair has the diagnosis "Broken LCD"
    And the repair has a labour line "Screen replacement" of 49.00 taxed at "Services"
    And the repair is "awaiting_approval"

  Scenario: Staff record an approval given by phone
    When "sam" records that the customer approved the quote noting "by phone"
    Then it is accepted
    And the repair is "in_repair"
    And the history of the repair is:
      | from              | to                | by  | note                              |
      |                   | received          | sam |                                   |
      | received          | diagnosing        | sam |                                   |
      | diagnosing        | awaiting_approval | sam |                                   |
      | awaiting_approval | in_repair         | sam | Quote of 53.04 approved: by phone |

  Scenario: Staff record a refusal: the repair is ready to go back unrepaired
    When "ada" records that the customer declined the quote noting "too dear"
    Then it is accepted
    And the repair is "ready"
    And the history of the repair ends with "awaiting_approval" to "ready" by "ada" noting "Quote of 53.04 declined: too dear"

  Scenario: The customer sees the quote and approves it on the tracking page with the last four digits of the phone
    When someone looks the repair up by its tracking code
    Then the public answer shows the quote of 53.04:
      | description        | total |
      | Screen replacement | 53.04 |
    When the customer approves the quote on the tracking page confirming "5678"
    Then it is accepted
    And the repair is "in_repair"
    And the history of the repair ends with "awaiting_approval" to "in_repair" by the customer noting "Quote of 53.04 approved: customer, through the tracking page"
    When someone looks the repair up by its tracking code
    Then the public answer shows no quote

  Scenario: The customer declines on the tracking page
    When the customer declines the quote on the tracking page confirming "5678"
    Then it is accepted
    And the repair is "ready"
    And the history of the repair ends with "awaiting_approval" to "ready" by the customer noting "Quote of 53.04 declined: customer, through the tracking page"

  Scenario: Without a phone on file, the customer confirms with their email
    Given the customer "Bruno Costa" with the email "bruno@example.com"
    And "sam" has taken in a "ThinkPad T14" from "Bruno Costa" for "Does not boot"
    And the repair has a labour line "New disk" of 60.00
    And the repair is "awaiting_approval"
    When the customer approves the quote on the tracking page confirming "5678"
    Then it is refused as a wrong confirmation
    When the customer approves the quote on the tracking page confirming "Bruno@Example.com"
    Then it is accepted
    And the repair is "in_repair"

  Scenario: A wrong confirmation is refused and changes nothing
    When the customer approves the quote on the tracking page confirming "1234"
    Then it is refused as a wrong confirmation
    And the repair is "awaiting_approval"
    When the customer approves the quote on the tracking page confirming "912 345 678"
    Then it is refused as a wrong confirmation
    And the repair is "awaiting_approval"

  Scenario: Five wrong confirmations lock the answers for 15 minutes, even the right one
    Given the customer has confirmed "0000" 4 times on the tracking page
    When the customer approves the quote on the tracking page confirming "5678"
    Then it is accepted
    Given "sam" has taken in a "iPhone 13" from "Ana Silva" for "No sound"
    And the repair has a labour line "Speaker" of 20.00
    And the repair is "awaiting_approval"
    And the customer has confirmed "0000" 5 times on the tracking page
    When the customer approves the quote on the tracking page confirming "5678"
    Then it is refused as too many attempts
    And the refusal says "Too many wrong confirmations. Try again in 15 minutes."
    And the repair is "awaiting_approval"
    Given 14 minutes pass
    When the customer approves the quote on the tracking page confirming "5678"
    Then it is refused as too many attempts
    Given 1 minute passes
    When the customer approves the quote on the tracking page confirming "5678"
    Then it is accepted
    And the repair is "in_repair"

  Scenario: Only a quote awaiting approval is answered
    Given "sam" records that the customer approved the quote noting "by phone"
    When the customer declines the quote on the tracking page confirming "5678"
    Then it is refused as a conflict
    And the repair is "in_repair"
    When "sam" records that the customer declined the quote noting "changed mind"
    Then it is refused as a conflict
    And the repair is "in_repair"
