"""The text layer both writers use: fonts, shaping (HarfBuzz), line breaking and paragraph layout, chart layout.

Nothing here draws; ``docgen.pdf`` paints what it lays out and ``docgen.docx`` measures with it.
"""
