DROP TABLE report_reminders;
DROP TABLE plan_activities;
