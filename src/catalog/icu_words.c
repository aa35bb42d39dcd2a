/* ICU's error codes in plain words: a user who wrote a message pattern or
 * a label needs to know what is wrong with it, not the name of a C
 * constant (U_PATTERN_SYNTAX_ERROR). */
#include "catalog/catalog.h"

const char *catalog_icu_problem(UErrorCode status)
{
    switch (status) {
    case U_PATTERN_SYNTAX_ERROR:
        return "the pattern is not valid message syntax";
    case U_UNMATCHED_BRACES:
        return "a brace { has no matching }";
    case U_ARGUMENT_TYPE_MISMATCH:
        return "an argument is used with the wrong type";
    case U_DEFAULT_KEYWORD_MISSING:
        return "a plural or select has no \"other\" case";
    case U_DUPLICATE_KEYWORD:
        return "a plural or select case appears twice";
    case U_UNDEFINED_KEYWORD:
        return "a plural or select case is not a keyword of the language";
    case U_INVALID_FORMAT_ERROR:
    case U_MESSAGE_PARSE_ERROR:
        return "the pattern is malformed";
    case U_ILLEGAL_ARGUMENT_ERROR:
        return "a value is not valid for this format";
    case U_MISSING_RESOURCE_ERROR:
        return "the language has no data for this format";
    case U_INVALID_CHAR_FOUND:
    case U_ILLEGAL_CHAR_FOUND:
    case U_INVALID_TABLE_FORMAT:
        return "the text holds a character that cannot be converted";
    case U_BUFFER_OVERFLOW_ERROR:
    case U_STRING_NOT_TERMINATED_WARNING:
        return "the text is too long";
    case U_MEMORY_ALLOCATION_ERROR:
        return "out of memory";
    case U_UNSUPPORTED_ERROR:
        return "this format is not supported for the language";
    default:
        return "the formatting library failed";
    }
}
