"""Text of report pages, as the PDF text layer gives it, shared by the reader's tests."""

from __future__ import annotations

#: Page 1 of an ILACS report of 2026 (no overall effectiveness).
ILACS_2026 = """\
Inspection of Liverpool local authority
children’s services
Inspection dates: 11 May to 22 May 2026
Lead inspector: Teresa Godfrey, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Requires improvement to be good
Services for children and families in Liverpool have significantly improved.
"""
