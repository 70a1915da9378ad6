using System.Text.Json;

namespace OrderCapture.Worker.Tests.Support;

/// <summary>
/// Checks a JSON value against the subset of JSON Schema that ASP.NET's OpenAPI document uses
/// (type, properties, required, items, $ref into components, enum). Answers what does not fit.
/// </summary>
public static class JsonSchemaCheck
{
    public static IReadOnlyList<string> Problems(JsonElement document, JsonElement schema, JsonElement value, string at = "$")
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Problems(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name), value, at);
        }

        var problems = new List<string>();
        if (schema.TryGetProperty("type", out var type) && !TypeFits(type, value))
        {
            problems.Add($"{at}: {value.ValueKind} where the schema says {type}");
            return problems;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!) : [])
            {
                if (!value.TryGetProperty(required, out _))
                {
                    problems.Add($"{at}.{required}: required, missing");
                }
            }

            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.TryGetProperty(property.Name, out var propertySchema))
                    {
                        problems.AddRange(Problems(document, propertySchema, property.Value, $"{at}.{property.Name}"));
                    }
                    else
                    {
                        problems.Add($"{at}.{property.Name}: not in the schema");
                    }
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                problems.AddRange(Problems(document, items, item, $"{at}[{i++}]"));
            }
        }

        return problems;
    }

    private static bool TypeFits(JsonElement type, JsonElement value)
    {
        var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        return value.ValueKind switch
        {
            JsonValueKind.Null => allowed.Contains("null"),
            JsonValueKind.String => allowed.Contains("string"),
            JsonValueKind.Number => allowed.Contains("number") || allowed.Contains("integer"),
            JsonValueKind.True or JsonValueKind.False => allowed.Contains("boolean"),
            JsonValueKind.Array => allowed.Contains("array"),
            JsonValueKind.Object => allowed.Contains("object"),
            _ => false,
        };
    }
}
