Feature: The customer hears from the shop: the quote, ready, delivered
  A customer who accepts emails gets one when their repair awaits approval (the quote and the tracking link, built
  on TECHSTORE_PUBLIC_URL), when it is ready, and when it is delivered (the invoice attached as PDF). The message is
  written to the outbox with the change that causes it: a refused change writes none. A customer who accepts no
  emails gets none; one with a phone and no email gets a text message when the repair is ready. The worker sends
  them later (tests/integration/test_outbox_smtp.py shows what arrives at an SMTP server).

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the store's public address is "https://shop.example.test"
    And the customer "Ana Silva" with the email "ana@example.com"
    And "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    And the repair has the diagnosis "Broken LCD"
    And the repair has a labour line "Screen replacement" of 49.00

  Scenario: Awaiting approval, ready and delivered each write the customer one email
    When "sam" moves the repair to "diagnosing"
    Then the repair has no messages
    When "sam" moves the repair to "awaiting_approval"
    Then it is accepted
    And the repair's messages are:
      | channel | to              | subject                                        | attachment |
      | email   | ana@example.com | Your repair R-000001: please approve the quote |            |
    And the quote's message asks for 49.00 and links to "https://shop.example.test/track/" and the repair's code
    When the customer approves the quote on the tracking page confirming "ana@example.com"
    Then it is accepted
    When "sam" moves the repair to "ready"
    And "sam" delivers the repair paid by card 49.00
    Then it is accepted
    And the repair's messages are:
      | channel | to              | subject                                        | attachment           |
      | email   | ana@example.com | Your repair R-000001: please approve the quote |                      |
      | email   | ana@example.com | Your repair R-000001 is ready                  |                      |
      | email   | ana@example.com | Your repair R-000001: invoice                  | Invoice R-000001.pdf |
    And every message of the repair is "unsent"

  Scenario: A refused change writes no message
    Given the repair is "ready"
    When "sam" delivers the repair paid by card 10.00
    Then it is refused as invalid input for "payments"
    And the repair's messages are:
      | channel | to              | subject                       | attachment |
      | email   | ana@example.com | Your repair R-000001 is ready |            |
    Given "sam" has taken in a "iPhone 13" from "Ana Silva" for "No sound"
    And the repair is "diagnosing"
    When "sam" moves the repair to "awaiting_approval"
    Then it is refused as a conflict
    And the repair has no messages

  Scenario: A customer who accepts no emails gets none
    Given the customer "Bo Lind" with the email "bo@example.com" who accepts no emails
    And "sam" has taken in a "Laptop" from "Bo Lind" for "No power"
    And the repair has a labour line "New battery" of 60.00
    And the repair is "in_repair"
    When "sam" moves the repair to "ready"
    And "sam" delivers the repair paid by card 60.00
    Then it is accepted
    And the repair has no messages

  Scenario: A customer with a phone and no email gets a text message when the repair is ready
    Given the customer "Rui Costa" with the phone "+351 913 000 000"
    And "sam" has taken in a "Tablet" from "Rui Costa" for "No charge"
    And the repair has a labour line "New port" of 30.00
    And the repair is "in_repair"
    When "sam" moves the repair to "ready"
    Then the repair's messages are:
      | channel | to               | subject                       | attachment |
      | sms     | +351 913 000 000 | Your repair R-000002 is ready |            |

  Scenario: Asked again: the new total is frozen as the quote and the customer gets a new message with it
    Given the repair is "awaiting_approval"
    Then the quote of the repair is 49.00
    When "sam" adds a labour line "Cleaning" of 10.00
    Then it is refused as a conflict
    And the quote's messages ask for 49.00
    When the customer approves the quote on the tracking page confirming "ana@example.com"
    Then the repair is "in_repair"
    When "sam" asks the customer again with a labour line "Cleaning" of 10.00
    Then it is accepted
    And the repair is "awaiting_approval"
    And the quote of the repair is 59.00
    And the quote's messages ask for 49.00 and 59.00
    When the customer approves the quote on the tracking page confirming "ana@example.com"
    Then the repair is "in_repair"
    When "sam" removes the line "Cleaning"
    And "sam" moves the repair to "awaiting_approval"
    Then it is accepted
    And the quote of the repair is 49.00
    And the quote's messages ask for 49.00, 59.00 and 49.00
