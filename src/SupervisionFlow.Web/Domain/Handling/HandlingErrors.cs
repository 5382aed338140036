namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>Input that breaks a handling rule; <see cref="FieldErrors"/> names each offending field. Nothing was saved.</summary>
public sealed class HandlingValidationException(string message, IReadOnlyDictionary<string, string>? fieldErrors = null, int? suggestionId = null) : Exception(message)
{
    public IReadOnlyDictionary<string, string> FieldErrors { get; } = fieldErrors ?? new Dictionary<string, string>();

    /// <summary>The suggestion (line of a 交办会 list) the refusal is about, so a page can point at it without reading the message.</summary>
    public int? SuggestionId { get; } = suggestionId;
}

/// <summary>The actor may not do this (another unit's task, a deputy's rating by someone else).</summary>
public sealed class HandlingForbiddenException(string message) : Exception(message);

/// <summary>An unknown suggestion, task, meeting or topic.</summary>
public sealed class HandlingNotFoundException(string message) : Exception(message);
