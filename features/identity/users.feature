Feature: Managing users
  Admins create users, rename them, change their roles, deactivate and
  reactivate them, and reset their passwords; staff may do none of that and
  are told so. A username is unique whatever its letter case, and a password
  has at least 10 characters. The store always keeps one active admin: the
  last one can be neither demoted nor deactivated.

  Background:
    Given an admin "ada" with the password "ada-password-1"

  Scenario: An admin creates a staff member, who can then sign in
    When "ada" creates the staff member "sam" named "Sam Lee" with the password "sam-password-1"
    Then it is accepted
    And the users are:
      | username | full name | role  | active |
      | ada      | Ada       | admin | yes    |
      | sam      | Sam Lee   | staff | yes    |
    And "sam" can sign in with the password "sam-password-1"

  Scenario: An admin creates another admin
    When "ada" creates the admin "bea" named "Bea Park" with the password "bea-password-1"
    Then it is accepted
    And "bea" is an active admin
    And "bea" can sign in with the password "bea-password-1"

  Scenario Outline: A username is taken whatever its letter case
    Given a staff member "sam" named "Sam Lee"
    When "ada" creates the staff member "<username>" named "Samantha Cole" with the password "other-password-1"
    Then it is refused as a conflict
    And the users are still:
      | username | full name | role  | active |
      | ada      | Ada       | admin | yes    |
      | sam      | Sam Lee   | staff | yes    |

    Examples:
      | username |
      | sam      |
      | SAM      |
      | Sam      |

  Scenario Outline: A password needs at least 10 characters
    When "ada" creates the staff member "sam" named "Sam Lee" with the password "<password>"
    Then it is refused as invalid input for "password"
    And there is no user "sam"

    Examples:
      | password  |
      | 123456789 |
      | short     |
      |           |

  Scenario: A password of exactly 10 characters is enough
    When "ada" creates the staff member "sam" named "Sam Lee" with the password "1234567890"
    Then it is accepted
    And "sam" can sign in with the password "1234567890"

  Scenario Outline: A new user needs a username, a full name and a known role
    When "ada" creates a user "<username>" named "<full name>" with the role "<role>" and the password "long-enough-1"
    Then it is refused as invalid input for "<field>"
    And the users are still:
      | username | full name | role  | active |
      | ada      | Ada       | admin | yes    |

    Examples:
      | username | full name | role    | field     |
      |          | Sam Lee   | staff   | username  |
      | sam lee  | Sam Lee   | staff   | username  |
      | sam      |           | staff   | full_name |
      | sam      | Sam Lee   | owner   | role      |

  Scenario: An admin looks up a user
    Given a staff member "sam" named "Sam Lee"
    When "ada" looks up "sam"
    Then the user shown is "sam", an active staff member named "Sam Lee"

  Scenario: An admin lists the users
    Given a staff member "sam"
    And a staff member "tom"
    When "ada" lists the users
    Then the list shows 3 users

  Scenario: Looking up a user who does not exist
    When "ada" looks up user number 999
    Then it is refused as not found

  Scenario: Changing a user who does not exist
    When "ada" renames user number 999 to "Nobody At All"
    Then it is refused as not found

  Scenario: An admin renames a user
    Given a staff member "sam" named "Sam Lee"
    When "ada" renames "sam" to "Samuel Lee"
    Then it is accepted
    And the users are:
      | username | full name  | role  | active |
      | ada      | Ada        | admin | yes    |
      | sam      | Samuel Lee | staff | yes    |

  Scenario: A user cannot be renamed to nothing
    Given a staff member "sam" named "Sam Lee"
    When "ada" renames "sam" to "   "
    Then it is refused as invalid input for "full_name"
    And the users are still:
      | username | full name | role  | active |
      | ada      | Ada       | admin | yes    |
      | sam      | Sam Lee   | staff | yes    |

  Scenario: An admin promotes a staff member, who may then manage users
    Given a staff member "sam"
    When "ada" makes "sam" an admin
    Then it is accepted
    And "sam" is an active admin
    When "sam" lists the users
    Then the list shows 2 users

  Scenario: Four roles exist: admin, manager, staff and technician
    Given a staff member "sam"
    When "ada" gives "sam" the role "owner"
    Then it is refused as invalid input for "role"
    And "sam" is still an active staff member
    When "ada" gives "sam" the role "manager"
    Then "sam" is still an active manager
    When "ada" gives "sam" the role "technician"
    Then "sam" is still an active technician

  Scenario: A demoted admin loses admin rights at once, even with the token they hold
    Given an admin "bea"
    And "bea" has signed in on the office computer
    When "ada" makes "bea" a staff member
    And the office computer lists the users
    Then it is refused as admin-only

  Scenario Outline: Staff may not manage users, and are told so
    Given a staff member "sam" named "Sam Lee"
    And a staff member "tom" named "Tom Stone"
    When "sam" <tries>
    Then it is refused as admin-only
    And the users are still:
      | username | full name | role  | active |
      | ada      | Ada       | admin | yes    |
      | sam      | Sam Lee   | staff | yes    |
      | tom      | Tom Stone | staff | yes    |
    And "tom" can sign in with the password "tom-password-1"

    Examples:
      | tries                                         |
      | lists the users                               |
      | looks up "tom"                                |
      | creates the staff member "zoe"                |
      | creates the admin "zoe"                       |
      | renames "tom" to "Thomas Stone"               |
      | makes "tom" an admin                          |
      | makes "sam" an admin                          |
      | deactivates "tom"                             |
      | resets "tom"'s password to "taken-over-12345" |

  Scenario Outline: The last active admin can be neither demoted nor deactivated
    When "ada" <changes>
    Then it is refused as a conflict
    And "ada" is still an active admin

    Examples:
      | changes                    |
      | makes "ada" a staff member |
      | deactivates "ada"          |

  Scenario Outline: An inactive admin does not count as another admin
    Given an admin "bea"
    And "ada" has deactivated "bea"
    When "ada" <changes>
    Then it is refused as a conflict
    And "ada" is still an active admin

    Examples:
      | changes                    |
      | makes "ada" a staff member |
      | deactivates "ada"          |

  Scenario Outline: Once another active admin exists, an admin can step down
    Given an admin "bea"
    When "ada" <changes>
    Then it is accepted
    And "ada" is <now>
    And "bea" is still an active admin

    Examples:
      | changes                    | now                    |
      | makes "ada" a staff member | an active staff member |
      | deactivates "ada"          | an inactive admin      |

  Scenario: The other admin is then the last one
    Given an admin "bea"
    When "bea" makes "ada" a staff member
    And "bea" deactivates "bea"
    Then it is refused as a conflict
    And "bea" is still an active admin
