Feature: Deposits, delivery for what is left, and cancelling with refunds
  Deposits are taken at intake or any time before delivery (journal kind repair_deposit; cash, card or
  transfer, never the customer's account). Delivery takes exactly the total less the deposits. Cancelling a
  repair that holds deposits refunds them (journal kind repair_refund), the refunds adding up to exactly the
  deposits; a plain move to cancelled is refused while deposits are held.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And the customer "Ana Silva" with the email "ana@example.com"
    And "sam" has opened the drawer with 50.00

  Scenario: A deposit at intake and another later; delivery takes exactly what is left
    When "sam" takes in a "iPhone 12" from "Ana Silva" for "Cracked screen" with a deposit of cash 20.00
    Then it is accepted
    And the repair holds 20.00 in deposits and has 0.00 to pay
    Given the repair has the price 100.00
    When "sam" takes a deposit of card 30.00
    Then it is accepted
    And the repair holds 50.00 in deposits and has 50.00 to pay
    Given the repair is "ready"
    When "sam" delivers the repair paid by cash 49.99
    Then it is refused as invalid input for "payments"
    When "sam" delivers the repair paid by cash 50.00 and card 0.01
    Then it is refused as invalid input for "payments"
    When "sam" delivers the repair paid by cash 100.00
    Then it is refused as invalid input for "payments"
    And the repair is "ready"
    When "sam" delivers the repair paid by cash 20.00 and card 30.00
    Then it is accepted
    And the repair is "delivered"
    And the journal holds, in order:
      | kind           | method | amount | document | drawer |
      | repair_deposit | cash   | 20.00  | R-000001 | sam    |
      | repair_deposit | card   | 30.00  | R-000001 | sam    |
      | repair_payment | cash   | 20.00  | R-000001 | sam    |
      | repair_payment | card   | 30.00  | R-000001 | sam    |
    And the drawer of "sam" took cash 2 times for 40.00
    And the books hold: money, stock and accounts

  Scenario: Deposits covering the whole total leave nothing to pay at delivery
    Given "sam" takes in a "iPhone 12" from "Ana Silva" for "Cracked screen" with a deposit of transfer 80.00
    And the repair has the price 80.00
    And the repair is "ready"
    Then the repair holds 80.00 in deposits and has 0.00 to pay
    When "sam" delivers the repair paid by cash 1.00
    Then it is refused as invalid input for "payments"
    When "sam" delivers the repair with nothing to pay
    Then it is accepted
    And the repair is "delivered"
    And the books hold: money, stock and accounts

  Scenario: A deposit is never taken on account, nor once delivered
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    When "sam" takes a deposit of account 20.00
    Then it is refused as invalid input for "payments[0].method"
    And the repair holds 0.00 in deposits and has 0.00 to pay
    Given the repair is "delivered"
    When "sam" takes a deposit of cash 20.00
    Then it is refused as a conflict
    And the journal holds, in order:
      | kind           | method | amount | document | drawer |
      | repair_payment | cash   | 50.00  | R-000001 | sam    |

  Scenario: A repair holding deposits is cancelled only with refunds adding up to them
    Given "sam" takes in a "iPhone 12" from "Ana Silva" for "Cracked screen" with a deposit of cash 20.00 and card 10.00
    When "sam" moves the repair to "cancelled"
    Then it is refused as a conflict
    And the refusal says "cancel it with their refunds"
    When "sam" cancels the repair noting "Not worth it" refunding cash 20.00
    Then it is refused as invalid input for "refunds"
    When "sam" cancels the repair noting "Not worth it" refunding cash 20.00 and card 10.01
    Then it is refused as invalid input for "refunds"
    When "sam" cancels the repair noting "Not worth it" refunding account 30.00
    Then it is refused as invalid input for "refunds[0].method"
    And the repair is "received"
    When "sam" cancels the repair noting "Not worth it" refunding cash 20.00 and card 10.00
    Then it is accepted
    And the repair is "cancelled"
    And the history of the repair ends with "received" to "cancelled" by "sam" noting "Not worth it"
    And the journal holds, in order:
      | kind           | method | amount | document | drawer |
      | repair_deposit | cash   | 20.00  | R-000001 | sam    |
      | repair_deposit | card   | 10.00  | R-000001 | sam    |
      | repair_refund  | cash   | -20.00 | R-000001 | sam    |
      | repair_refund  | card   | -10.00 | R-000001 | sam    |
    And the books hold: money, stock and accounts

  Scenario: A repair without deposits is cancelled without refunds
    Given "sam" has taken in a "iPhone 12" from "Ana Silva" for "Cracked screen"
    When "sam" cancels the repair noting "Changed mind" refunding cash 5.00
    Then it is refused as invalid input for "refunds"
    When "sam" cancels the repair noting "Changed mind"
    Then it is accepted
    And the repair is "cancelled"
    And the journal is empty

  Scenario: A technician takes cards and transfers for a repair, never cash
    Given a technician "theo"
    When "theo" takes in a "iPhone 12" from "Ana Silva" for "Cracked screen" with a deposit of cash 20.00
    Then it is refused as forbidden
    When "theo" takes in a "iPhone 12" from "Ana Silva" for "Cracked screen" with a deposit of card 20.00
    Then it is accepted
    Given the repair has the price 100.00
    When "theo" takes a deposit of cash 30.00
    Then it is refused as forbidden
    Given the repair is "ready"
    When "theo" delivers the repair paid by cash 80.00
    Then it is refused as forbidden
    And the repair is "ready"
    When "theo" delivers the repair paid by card 80.00
    Then it is accepted
    And the repair is "delivered"
    And the books hold: money, stock and accounts
