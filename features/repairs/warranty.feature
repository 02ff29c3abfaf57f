Feature: Warranty and the device's condition at intake
  A delivered repair is under warranty for TECHSTORE_REPAIR_WARRANTY_DAYS (default 90). A new repair on a
  serial still under an earlier repair's warranty is flagged and linked; marking it warranty makes the amount to
  pay nothing (its lines still recorded), and is refused when no warranty covers the serial. The intake records
  the device's condition: free text and a checklist.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the customer "Ana Silva" with the email "ana@example.com"
    And "sam" has taken in a "iPhone 12" with serial "IMEI-356789" from "Ana Silva" for "Cracked screen"
    And the repair has the price 100.00
    And the repair is "ready"

  Scenario: Delivery starts a warranty of 90 days; a new repair on the serial is flagged and linked
    When "sam" delivers the repair paid by card 100.00
    Then it is accepted
    And the repair's warranty runs until 90 days from today
    Given 10 days pass
    When "sam" takes in a "iPhone 12" with serial "IMEI-356789" from "Ana Silva" for "Screen flickers"
    Then it is accepted
    And the repair is flagged under the warranty of R-000001 until 80 days from today
    And the repair holds 0.00 in deposits and has 0.00 to pay

  Scenario: Under warranty there is nothing to pay, though the lines are recorded
    Given "sam" delivers the repair paid by card 100.00
    When "sam" takes in a "iPhone 12" with serial "IMEI-356789" from "Ana Silva" for "Screen flickers" under warranty
    Then it is accepted
    And the repair is done under warranty
    And the repair is flagged under the warranty of R-000001 until 90 days from today
    Given the repair has a labour line "Screen reseated" of 30.00
    Then the repair's total is 30.00 with tax 0.00
    And the repair holds 0.00 in deposits and has 0.00 to pay
    When "sam" takes a deposit of cash 10.00
    Then it is refused as a conflict
    Given the repair is "ready"
    When "sam" delivers the repair paid by cash 30.00
    Then it is refused as invalid input for "payments"
    When "sam" delivers the repair with nothing to pay
    Then it is accepted
    And the repair is "delivered"
    And the books hold: money, stock and accounts

  Scenario: Warranty is refused when no warranty covers the serial
    When "sam" takes in a "iPhone 12" with serial "IMEI-356789" from "Ana Silva" for "Screen flickers" under warranty
    Then it is refused as a conflict
    And the refusal says "No warranty covers the serial IMEI-356789"
    Given "sam" delivers the repair paid by card 100.00
    When "sam" takes in a "Galaxy S21" with serial "IMEI-999" from "Ana Silva" for "No sound" under warranty
    Then it is refused as a conflict
    And the repair numbers are R-000001

  Scenario: Once the warranty has run out, a new repair is not flagged
    Given "sam" delivers the repair paid by card 100.00
    And 91 days pass
    When "sam" takes in a "iPhone 12" with serial "IMEI-356789" from "Ana Silva" for "Screen flickers"
    Then it is accepted
    And the repair is not flagged under any warranty
    When "sam" takes in a "iPhone 12" with serial "IMEI-356789" from "Ana Silva" for "Screen flickers" under warranty
    Then it is refused as a conflict

  Scenario: The warranty lasts TECHSTORE_REPAIR_WARRANTY_DAYS
    Given repairs carry a warranty of 30 days
    When "sam" delivers the repair paid by card 100.00
    Then it is accepted
    And the repair's warranty runs until 30 days from today

  Scenario: The intake records the device's condition
    When "sam" takes in a "Pixel 7" from "Ana Silva" for "Dead battery" noting "Scratch on the back" and the checks:
      | item         | check   |
      | screen       | damaged |
      | housing      | ok      |
      | water damage | damaged |
    Then it is accepted
    And the condition of the repair notes "Scratch on the back" and is:
      | item          | check       |
      | Screen        | damaged     |
      | Housing       | OK          |
      | Buttons       | not checked |
      | Camera        | not checked |
      | Charging port | not checked |
      | Water damage  | signs found |
