DROP TABLE import_holds;
