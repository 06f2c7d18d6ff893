"""Documents: what a reader imported, as paragraphs of sentences in SQLite."""
from .model import Document, DocumentInfo, Paragraph, Sentence
from .store import (HEADING_KINDS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, SAMPLE_PATH, SAMPLE_SOURCE, DocumentError,
                    begin_import, clear_unfinished_imports, create_document, delete_document, delete_documents_of,
                    fail_import, failed_sentences, finish_import, get_info, headings, iter_untranslated,
                    list_documents, load_document, load_paragraphs, prepare, rename_document, sample_document_id,
                    segment_text, share_document, store_paragraphs, translated_count, unfinished_documents)
from ..errors import TooLarge

__all__ = ["Document", "DocumentError", "DocumentInfo", "HEADING_KINDS", "MAX_TEXT_CHARS", "MAX_TITLE_CHARS",
           "Paragraph", "SAMPLE_PATH", "SAMPLE_SOURCE", "Sentence", "TooLarge", "begin_import",
           "clear_unfinished_imports", "create_document", "delete_document", "delete_documents_of", "fail_import",
           "failed_sentences", "finish_import", "get_info", "headings", "iter_untranslated", "list_documents", "load_document",
           "load_paragraphs", "prepare", "rename_document", "sample_document_id", "segment_text",
           "share_document", "store_paragraphs", "translated_count", "unfinished_documents"]
