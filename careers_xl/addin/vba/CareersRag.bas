Attribute VB_Name = "CareersRag"
' Careers Plan add-in: reading a RAG status the way careers-xl reads it (careers_xl/rag.py).
'
' People mark RAG as a word ("G", "amber", "Complete", "Green - on track") or only by
' colouring the cell, in whatever shade of red, amber/orange/yellow, green or blue they
' picked. A colour is judged by its hue, so "Excel red", dark red and the pale "Bad" style
' all read as Red. When the word and the colour disagree, the word wins and the check says so.
Option Explicit

' What ReadRag found in a RAG cell: the status used ("" for none), the word typed and the
' colour's status ("" when none), and what to tell the careers leader about it ("" if all is well).
Public RagUsed As String
Public RagTyped As String
Public RagFilled As String
Public RagProblem As String

' The RAG word (Red, Amber, Green, Complete) for what someone typed: "G", "red", "R.A.G"-style
' dots, "on track" and "Green - on track" all count; "" if it is blank or not a RAG word.
Public Function RagLabel(ByVal typed As String) As String
    Dim low As String, first As String, i As Long
    RagLabel = ""
    low = LCase$(Stripped(typed))
    If low = "" Then Exit Function
    RagLabel = RagOfKey(RagKey(low))
    If RagLabel <> "" Then Exit Function
    ' "Green - on track", "Amber (waiting on SLT)": judge by the first word.
    For i = 1 To Len(low)
        If IsSpaceChar(Mid$(low, i, 1)) Or InStr(1, "(:,-", Mid$(low, i, 1)) > 0 Then Exit For
    Next i
    first = Left$(low, i - 1)
    If first <> "" Then RagLabel = RagOfKey(RagKey(first))
End Function

' A RAG word as careers-xl compares it: no white space, dots, dashes, underscores or slashes.
Private Function RagKey(ByVal low As String) As String
    Dim i As Long, ch As String, out As String
    For i = 1 To Len(low)
        ch = Mid$(low, i, 1)
        If Not IsSpaceChar(ch) And InStr(1, ".-_/", ch) = 0 Then out = out & ch
    Next i
    RagKey = out
End Function

Private Function RagOfKey(ByVal key As String) As String
    RagOfKey = ""
    If key = "" Then Exit Function
    If InList(RAG_KEYS_RED, key) Then
        RagOfKey = RAG_RED
    ElseIf InList(RAG_KEYS_AMBER, key) Then
        RagOfKey = RAG_AMBER
    ElseIf InList(RAG_KEYS_GREEN, key) Then
        RagOfKey = RAG_GREEN
    ElseIf InList(RAG_KEYS_COMPLETE, key) Then
        RagOfKey = RAG_COMPLETE
    End If
End Function

' The status a colour shows (an RGB Long as Excel keeps it), or "" for white, grey, black,
' purple ...: by its hue, once it is coloured enough and neither too light nor too dark.
Public Function RagOfColour(ByVal colour As Long) As String
    Dim r As Double, g As Double, b As Double, most As Double, least As Double
    Dim light As Double, saturation As Double, hue As Double, bands As Variant, i As Long
    RagOfColour = ""
    If colour < 0 Then Exit Function
    r = (colour Mod 256) / 255
    g = ((colour \ 256) Mod 256) / 255
    b = ((colour \ 65536) Mod 256) / 255
    most = r
    If g > most Then most = g
    If b > most Then most = b
    least = r
    If g < least Then least = g
    If b < least Then least = b
    light = (most + least) / 2
    If most = least Then Exit Function  ' grey: no saturation
    If light <= 0.5 Then
        saturation = (most - least) / (most + least)
    Else
        saturation = (most - least) / (2 - most - least)
    End If
    If saturation < RAG_MIN_SATURATION Or light > RAG_MAX_LIGHTNESS Or _
       light < RAG_MIN_LIGHTNESS Then Exit Function
    ' The hue as Python's colorsys.rgb_to_hls works it out, in degrees.
    If r = most Then
        hue = (most - b) / (most - least) - (most - g) / (most - least)
    ElseIf g = most Then
        hue = 2 + (most - r) / (most - least) - (most - b) / (most - least)
    Else
        hue = 4 + (most - g) / (most - least) - (most - r) / (most - least)
    End If
    hue = hue / 6
    hue = hue - Int(hue)
    hue = hue * 360
    bands = Split(Mid$(RAG_HUE_BANDS, 2, Len(RAG_HUE_BANDS) - 2), "|")
    For i = LBound(bands) To UBound(bands)
        If hue < Val(Left$(bands(i), InStr(1, bands(i), "=") - 1)) Then
            RagOfColour = Mid$(bands(i), InStr(1, bands(i), "=") + 1)
            Exit Function
        End If
    Next i
End Function

' The status a cell's fill colour shows, or "" when it has no fill or a non-RAG colour.
Public Function RagOfFill(ByVal cell As Object) As String
    RagOfFill = ""
    If cell.Interior.ColorIndex = xlColorIndexNone Then Exit Function
    RagOfFill = RagOfColour(cell.Interior.Color)
End Function

' Read the RAG cell of an action: the word if there is one, else its colour. Sets RagUsed,
' RagTyped, RagFilled and RagProblem (careers-xl's words, for the Check results).
Public Sub ReadRag(ByVal cell As Object)
    Dim typed As String
    typed = CellText(cell)
    RagTyped = RagLabel(typed)
    RagFilled = RagOfFill(cell)
    RagProblem = ""
    If typed <> "" And RagTyped = "" Then
        RagUsed = RagFilled
        RagProblem = "RAG '" & typed & "' is not Red, Amber, Green or Complete"
        If RagFilled <> "" Then
            RagProblem = RagProblem & "; the cell's colour says " & RagFilled & _
                         ", so careers-xl used that."
        Else
            RagProblem = RagProblem & "; left blank."
        End If
    ElseIf RagTyped <> "" Then
        RagUsed = RagTyped
        If RagFilled <> "" And RagFilled <> RagTyped Then
            RagProblem = "RAG says " & RagTyped & " but the cell is coloured " & _
                         LCase$(RagFilled) & "; careers-xl used the text (" & RagTyped & ")."
        End If
    Else
        RagUsed = RagFilled
    End If
End Sub

' The fill and font colours for a RAG word, as the plan's own colour rules use them.
Public Function RagFill(ByVal label As String) As Long
    Select Case label
        Case RAG_RED: RagFill = RAG_FILL_RED
        Case RAG_AMBER: RagFill = RAG_FILL_AMBER
        Case RAG_GREEN: RagFill = RAG_FILL_GREEN
        Case Else: RagFill = RAG_FILL_COMPLETE
    End Select
End Function

Public Function RagFont(ByVal label As String) As Long
    Select Case label
        Case RAG_RED: RagFont = RAG_FONT_RED
        Case RAG_AMBER: RagFont = RAG_FONT_AMBER
        Case RAG_GREEN: RagFont = RAG_FONT_GREEN
        Case Else: RagFont = RAG_FONT_COMPLETE
    End Select
End Function

' Empty a RAG cell for a new year or a new row: no word, no RAG colour (a fill that is not a
' RAG colour, such as the column's own shading, stays), and the automatic font colour.
Public Sub ClearRagCell(ByVal cell As Object)
    cell.ClearContents
    If RagOfFill(cell) <> "" Then cell.Interior.ColorIndex = xlColorIndexNone
    cell.Font.ColorIndex = xlColorIndexAutomatic
End Sub
