namespace Coffer.Core.Storage;

/// <summary>Checks shared by every provider's <see cref="ISettingStore.AddAllAsync"/>.</summary>
public static class SettingEntries
{
    public static void RefuseDuplicates(IReadOnlyList<(string Name, string Value)> entries)
    {
        if (entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != entries.Count)
        {
            throw new ArgumentException("A setting name is given twice.", nameof(entries));
        }
    }
}
