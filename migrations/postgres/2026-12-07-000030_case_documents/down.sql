DROP TABLE document_chunks;
DROP TABLE case_documents;
