Feature: Approval at the counter
  Some things a staff member may not do alone: a discount above
  TECHSTORE_DISCOUNT_LIMIT_PERCENT of the subtotal (default 10), a price other
  than the catalogue's, selling a line below its cost, a refund above
  TECHSTORE_REFUND_LIMIT (default 100.00). A manager (or an admin) approves on
  the spot by typing their username and password; a wrong password counts in
  the approver's sign-in throttle. Without a valid approval the answer is 403
  naming everything that needs it, and nothing is recorded. The approver is
  kept on the sale or return and printed on its receipt. A manager or an admin
  acting for themselves needs no approval.

  Background:
    Given an admin "ada"
    And a staff member "sam"
    And a staff member "stu"
    And a manager "mia"
    And these products:
      | sku   | name        | price  | cost   | stock |
      | CASE  | Phone case  | 12.50  | 4.00   | 10    |
      | PHONE | Phone X     | 499.00 | 350.00 | 5     |

  Scenario: A staff member's 20% discount is refused until a manager approves it
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 20%
    When "sam" rings it up paid by card 20.00
    Then it is refused as needing approval
    And the refusal says "a discount above 10% of the subtotal"
    And no sale was recorded
    When "sam" rings it up with "mia"'s approval, paid by card 20.00
    Then the sale is "S-000001" with subtotal 25.00, discount 5.00 and total 20.00
    And the sale "S-000001" was approved by "mia"

  Scenario: A discount at the limit needs no approval
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 10%
    When "sam" rings it up paid by card 22.50
    Then the sale "S-000001" was approved by no one

  Scenario: A line's own discount counts with the sale's
    Given a sale of:
      | sku  | quantity | discount |
      | CASE | 2        | 2.00     |
    And a discount of 1.00
    When "sam" rings it up paid by card 22.00
    Then it is refused as needing approval
    And the refusal says "a discount above 10% of the subtotal"

  Scenario: A manager's own 20% discount needs no approval
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 20%
    When "mia" rings it up paid by card 20.00
    Then the sale is "S-000001" with subtotal 25.00, discount 5.00 and total 20.00
    And the sale "S-000001" was approved by no one

  Scenario: A wrong approver's password is refused, and counts in the approver's sign-in throttle
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 20%
    When "sam" rings it up with "mia"'s approval and the password "not-her-password", paid by card 20.00
    Then it is refused as needing approval
    And the refusal says "The approver's username or password is wrong."
    And the refusal says "a discount above 10% of the subtotal"
    And no sale was recorded
    And "mia" has 1 failed sign-in attempt
    Given "sam" has tried 4 more approvals by "mia" with the password "not-her-password", paid by card 20.00
    When "sam" rings it up with "mia"'s approval, paid by card 20.00
    Then it is refused as too many attempts
    And no sale was recorded

  Scenario: A staff member cannot approve
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 20%
    When "sam" rings it up with "stu"'s approval, paid by card 20.00
    Then it is refused as needing approval
    And the refusal says "stu may not approve"
    And no sale was recorded

  Scenario: A price other than the catalogue's needs approval
    Given a sale of:
      | sku  | quantity | unit price |
      | CASE | 1        | 11.00      |
    When "sam" rings it up paid by card 11.00
    Then it is refused as needing approval
    And the refusal says "a price other than the catalogue's for CASE"
    When "sam" rings it up with "mia"'s approval, paid by card 11.00
    Then the items of the sale are:
      | sku  | quantity | unit price | line total |
      | CASE | 1        | 11.00      | 11.00      |
    And the sale "S-000001" was approved by "mia"

  Scenario: Selling below cost needs approval, and the refusal names every reason
    Given a sale of:
      | sku   | quantity | unit price |
      | PHONE | 1        | 300.00     |
    When "sam" rings it up paid by card 300.00
    Then it is refused as needing approval
    And the refusal says "a price other than the catalogue's for PHONE"
    And the refusal says "selling PHONE below its cost"
    And no sale was recorded
    When "ada" rings it up paid by card 300.00
    Then it is accepted

  Scenario: A refund above the limit needs approval
    Given a sale of:
      | sku   | quantity |
      | PHONE | 1        |
    And "sam" has rung it up paid by card 499.00
    When "sam" returns from "S-000001" because "Changed mind", refunded by card 499.00:
      | sku   | quantity |
      | PHONE | 1        |
    Then it is refused as needing approval
    And the refusal says "a refund above 100.00"
    And the sale "S-000001" has refunded 0.00
    When "sam" returns from "S-000001" because "Changed mind" with "mia"'s approval, refunded by card 499.00:
      | sku   | quantity |
      | PHONE | 1        |
    Then the return is "RT-000001" refunding 499.00
    And the return "RT-000001" was approved by "mia"

  Scenario: Through the API: 403 naming what needs approval, then approved_by on the sale
    When "sam" sells through the API with the discount {"percent": "20"}, paid by card 20.00:
      | sku  | quantity |
      | CASE | 2        |
    Then the API answers 403 with a problem document
    And the answer's detail says "a discount above 10% of the subtotal"
    When "sam" sells through the API with "mia"'s approval and the discount {"percent": "20"}, paid by card 20.00:
      | sku  | quantity |
      | CASE | 2        |
    Then the API answers 201
    And the answer's approved_by is "mia"
    And no answer shows "mia"'s password

  Scenario: At the point of sale the form asks for a manager's approval, keeping what was typed
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 20%
    When "sam" sells it at the point of sale paid by card 20.00
    Then the point of sale asks for a manager's approval of "a discount above 10% of the subtotal", keeping the discount "20%"
    And no sale was recorded
    When "sam" sells it at the point of sale with "stu"'s approval, paid by card 20.00
    Then the point of sale asks for a manager's approval of "a discount above 10% of the subtotal", keeping the discount "20%"
    And no answer shows "stu"'s password
    When "sam" sells it at the point of sale with "mia"'s approval, paid by card 20.00
    Then the sale "S-000001" was approved by "mia"
    And no answer shows "mia"'s password

  Scenario: The receipt names the approver
    Given a sale of:
      | sku  | quantity |
      | CASE | 2        |
    And a discount of 20%
    And "sam" has rung it up with "mia"'s approval, paid by card 20.00
    When "sam" reprints the receipt of the sale "S-000001"
    Then the receipt says "Approved by Mia"
