using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using JintEngine = Jint.Engine;
using Jint.Native;

namespace SupervisionFlow.Engine.Expressions;

/// <summary>
/// Turns stored process variables (JSON) into native JavaScript values: numbers are doubles, objects plain objects,
/// arrays real arrays. Built directly rather than through CLR interop, so an expression sees exactly JSON's
/// JavaScript shape (<c>Object.keys</c>, <c>JSON.stringify</c>, <c>indexOf</c> behave as in a browser) whatever
/// Jint's object wrappers do.
/// </summary>
internal static class JsonToJavaScript
{
    public static JsValue Convert(JintEngine engine, JsonNode? node) => node switch
    {
        null => JsValue.Null,
        JsonArray array => new JsArray(engine, array.Select(item => Convert(engine, item)).ToArray()),
        JsonObject obj => ToObject(engine, obj),
        // By JSON kind, not CLR type: a value built in code (JsonValue.Create(5)) and one parsed from storage must read the same.
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.True => JsBoolean.True,
            JsonValueKind.False => JsBoolean.False,
            JsonValueKind.Number => JsNumber.Create(value.TryGetValue<double>(out var number)
                ? number
                : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)),
            JsonValueKind.String => new JsString(value.TryGetValue<string>(out var text)
                ? text
                : JsonSerializer.Deserialize<string>(value.ToJsonString()) ?? string.Empty),
            _ => JsValue.Null,
        },
        _ => new JsString(node.ToJsonString()),
    };

    private static JsObject ToObject(JintEngine engine, JsonObject obj)
    {
        var result = new JsObject(engine);
        foreach (var (key, value) in obj)
        {
            result.Set(key, Convert(engine, value));
        }
        return result;
    }
}
