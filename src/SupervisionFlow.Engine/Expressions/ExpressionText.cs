namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Splits attribute text into literal parts and <c>${…}</c> expressions. A whole-text expression keeps its value's
/// type; mixed text (<c>unit-${unitId}</c>) is concatenated as a string.
/// </summary>
public static class ExpressionText
{
    public static bool ContainsExpression(string? text) => text is not null && text.Contains("${", StringComparison.Ordinal);

    /// <summary>Returns the script of a text that is exactly one <c>${…}</c>, otherwise null.</summary>
    public static string? WholeExpression(string text)
    {
        var parts = Split(text);
        return parts is [{ IsExpression: true } only] ? only.Text : null;
    }

    public static IReadOnlyList<Part> Split(string text)
    {
        var parts = new List<Part>();
        var position = 0;
        var trimmed = text.Trim();
        if (trimmed.StartsWith("${", StringComparison.Ordinal) && FindClose(trimmed, 2) == trimmed.Length - 1)
        {
            return [new Part(trimmed[2..^1], true)];
        }
        while (position < text.Length)
        {
            var open = text.IndexOf("${", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new Part(text[position..], false));
                break;
            }
            if (open > position)
            {
                parts.Add(new Part(text[position..open], false));
            }
            var close = FindClose(text, open + 2);
            if (close < 0)
            {
                throw new FormatException($"'{text}': '${{' at position {open} has no closing '}}'");
            }
            parts.Add(new Part(text[(open + 2)..close], true));
            position = close + 1;
        }
        return parts;
    }

    // Braces inside string literals and nested object literals do not close the expression.
    private static int FindClose(string text, int from)
    {
        var depth = 0;
        char quote = '\0';
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                continue;
            }
            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth == 0:
                    return i;
                case '}':
                    depth--;
                    break;
            }
        }
        return -1;
    }

    public sealed record Part(string Text, bool IsExpression);
}
