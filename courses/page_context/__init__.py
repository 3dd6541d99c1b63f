"""What the learner-facing pages show, read for one visitor: the catalogue
(``catalogue``), the course and lesson pages (``course``), the dashboard
(``dashboard``)."""
